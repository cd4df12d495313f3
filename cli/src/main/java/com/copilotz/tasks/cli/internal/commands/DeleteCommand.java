package com.copilotz.tasks.cli.internal.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code copilotz-tasks delete ID}. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = "Delete a task.",
    footer = {"", "Example:", "  copilotz-tasks delete 42"})
final class DeleteCommand extends Base {
  @Parameters(paramLabel = "ID", description = "The task's _id.")
  long id;

  @Override
  int run() {
    client().deleteTask(id);
    session().err().println("deleted task " + id);
    return OK;
  }
}
