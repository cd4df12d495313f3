package com.copilotz.tasks.cli.internal.commands;

import com.copilotz.tasks.At;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.Task;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The moves: advance, complete, fail, cancel; each guarded by {@code --at STEP}. */
abstract class MoveCommand extends Base {
  @Parameters(paramLabel = "ID", description = "The task's _id.")
  long id;

  @Option(
      names = "--at",
      paramLabel = "STEP",
      description =
          "Move only if the task is at this step (as you saw it); else write nothing, exit 6.")
  Long atStep;

  @Option(names = "--at-status", paramLabel = "STATUS", description = "... and has this status.")
  String atStatus;

  @Override
  int run() {
    printer().print(move(client(), at(atStep, atStatus)));
    return OK;
  }

  abstract Task move(TasksClient client, At at);

  @Command(
      name = "advance",
      mixinStandardHelpOptions = true,
      description = "Move a task to its step's next step (completing it at a last step).",
      footer = {
        "",
        "Example:",
        "  copilotz-tasks advance 42 --at 3 --context '{\"approved\":\"yes\"}'"
      })
  static final class Advance extends MoveCommand {
    @Option(
        names = "--context",
        paramLabel = "JSON",
        description = "Keys to merge into the context.")
    String context;

    @Override
    Task move(TasksClient client, At at) {
      Map<String, Object> patch = context == null ? null : object("--context", context);
      if (at == null) {
        return patch == null ? client.advance(id) : client.advance(id, patch);
      }
      return patch == null ? client.advance(id, at) : client.advance(id, at, patch);
    }
  }

  @Command(
      name = "complete",
      mixinStandardHelpOptions = true,
      description = "Mark a task completed.",
      footer = {"", "Example:", "  copilotz-tasks complete 42 --at 3"})
  static final class Complete extends MoveCommand {
    @Override
    Task move(TasksClient client, At at) {
      return at == null ? client.complete(id) : client.complete(id, at);
    }
  }

  @Command(
      name = "fail",
      mixinStandardHelpOptions = true,
      description =
          "Mark a task failed, with a reason (to its step's failure step when there is one).",
      footer = {"", "Example:", "  copilotz-tasks fail 42 --reason 'customer unreachable' --at 3"})
  static final class Fail extends MoveCommand {
    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why it failed.")
    String reason;

    @Override
    Task move(TasksClient client, At at) {
      return at == null ? client.fail(id, reason) : client.fail(id, at, reason);
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = "Mark a task cancelled.",
      footer = {"", "Example:", "  copilotz-tasks cancel 42 --at 3"})
  static final class Cancel extends MoveCommand {
    @Override
    Task move(TasksClient client, At at) {
      return at == null ? client.cancel(id) : client.cancel(id, at);
    }
  }
}
