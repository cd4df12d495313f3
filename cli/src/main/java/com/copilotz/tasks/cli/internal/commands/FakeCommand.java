package com.copilotz.tasks.cli.internal.commands;

import com.copilotz.tasks.testing.StandaloneServer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code copilotz-tasks fake [options]}: the standalone fake server, its agent included. */
@Command(
    name = "fake",
    description = {
      "Serve a fake Copilotz (the testing kit's standalone server) until Ctrl-C, with its agent; it prints its"
          + " URL and token. Options: --port N, --host ADDRESS, --token TOKEN, --workflow NAME:STEP,STEP,...,"
          + " --agent STEP=succeed|fail|pending, --agent-interval DURATION, ... (copilotz-tasks fake --help)."
    },
    footer = {
      "",
      "Example:",
      "  copilotz-tasks fake --token tk_dev --workflow 'Support:triage,answer,close' --agent triage=succeed"
    })
final class FakeCommand extends Base {
  /** The standalone server's own options, passed on as they are, in their order. */
  @Unmatched List<String> options = new ArrayList<>();

  @Override
  int run() throws InterruptedException {
    StandaloneServer.main(options.toArray(new String[0]));
    return OK;
  }
}
