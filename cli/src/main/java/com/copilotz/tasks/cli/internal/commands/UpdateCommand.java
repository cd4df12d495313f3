package com.copilotz.tasks.cli.internal.commands;

import com.copilotz.tasks.cli.internal.UsageException;
import com.copilotz.tasks.model.UpdateTaskRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code copilotz-tasks update ID}. */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description = {
      "Change a task's name, description, extId or context; it never moves the task (advance, complete,"
          + " fail and cancel do).",
      "The context is merged: each top-level key given replaces that key; the others are kept."
    },
    footer = {"", "Example:", "  copilotz-tasks update 42 --context '{\"priority\":\"high\"}'"})
final class UpdateCommand extends Base {
  @Parameters(paramLabel = "ID", description = "The task's _id.")
  long id;

  @Option(names = "--ext-id", paramLabel = "EXT_ID")
  String extId;

  @Option(names = "--name", paramLabel = "NAME")
  String name;

  @Option(names = "--description", paramLabel = "TEXT")
  String description;

  @Option(names = "--context", paramLabel = "JSON", description = "Keys to set in the context.")
  String context;

  @Override
  int run() {
    if (extId == null && name == null && description == null && context == null) {
      throw new UsageException("give at least one of --name, --description, --ext-id or --context");
    }
    UpdateTaskRequest request =
        new UpdateTaskRequest().extId(extId).name(name).description(description);
    if (context != null) {
      request.context(object("--context", context));
    }
    printer().print(client().updateTask(id, request));
    return OK;
  }
}
