package com.copilotz.tasks.cli.internal.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code copilotz-tasks get ID}. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = "Print a task.",
    footer = {"", "Example:", "  copilotz-tasks get 42 -o json"})
final class GetCommand extends Base {
  @Parameters(paramLabel = "ID", description = "The task's _id.")
  long id;

  @Override
  int run() {
    printer().print(client().getTask(id));
    return OK;
  }
}
