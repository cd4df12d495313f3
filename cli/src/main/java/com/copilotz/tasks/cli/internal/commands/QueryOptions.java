package com.copilotz.tasks.cli.internal.commands;

import com.copilotz.tasks.TaskQuery;
import picocli.CommandLine.Option;

/** The filters of a query, shared by {@code list} and {@code watch}. */
final class QueryOptions {
  @Option(names = "--workflow", paramLabel = "ID", description = "Only tasks of this workflow.")
  Long workflow;

  @Option(names = "--step", paramLabel = "ID", description = "Only tasks at this step.")
  Long step;

  @Option(names = "--status", paramLabel = "STATUS", description = "Only tasks with this status.")
  String status;

  @Option(names = "--ext-id", paramLabel = "EXT_ID", description = "Only the task with this extId.")
  String extId;

  @Option(names = "--name", paramLabel = "NAME", description = "Only tasks with exactly this name.")
  String name;

  /** The query these filters make; all tasks without one. */
  TaskQuery query() {
    TaskQuery.Builder query = TaskQuery.builder();
    if (workflow != null) {
      query.workflow(workflow);
    }
    if (step != null) {
      query.currentStep(step);
    }
    if (status != null) {
      query.status(Base.status("--status", status));
    }
    if (extId != null) {
      query.extId(extId);
    }
    if (name != null) {
      query.name(name);
    }
    return query.build();
  }
}
