package com.copilotz.tasks.cli.internal.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code copilotz-tasks list [filters]}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Print the tasks of a query (all of them without a filter).",
    footer = {
      "",
      "Examples:",
      "  copilotz-tasks list --workflow 1 --status active",
      "  copilotz-tasks list --step 3 -o jsonl | jq .name"
    })
final class ListCommand extends Base {
  @Mixin QueryOptions filters;

  @Option(names = "--limit", paramLabel = "N", description = "Print at most N tasks.")
  Long limit;

  @Override
  int run() {
    if (limit != null && limit < 1) {
      throw new com.copilotz.tasks.cli.internal.UsageException(
          "--limit must be positive, got " + limit);
    }
    var tasks = client().listTasks(filters.query());
    printer().print(limit == null ? tasks : tasks.limit(limit));
    return OK;
  }
}
