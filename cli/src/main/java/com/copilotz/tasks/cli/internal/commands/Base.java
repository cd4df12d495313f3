package com.copilotz.tasks.cli.internal.commands;

import com.copilotz.tasks.At;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.cli.internal.ExitStatus;
import com.copilotz.tasks.cli.internal.Session;
import com.copilotz.tasks.cli.internal.UsageException;
import com.copilotz.tasks.cli.internal.output.TaskPrinter;
import com.copilotz.tasks.model.TaskStatus;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** What the commands share: the session, the client, the printer, and reading values. */
abstract class Base implements Callable<Integer> {
  @ParentCommand Root root;

  Session session() {
    return root.session();
  }

  TasksClient client() {
    return session().client();
  }

  TaskPrinter printer() {
    return new TaskPrinter(session().out(), root.format());
  }

  @Override
  public final Integer call() throws Exception {
    return run();
  }

  /** Runs the command; returns its exit status. */
  abstract int run() throws Exception;

  static final int OK = ExitStatus.OK;

  /** A status by name: active, pending, failed, completed, cancelled. */
  static TaskStatus status(String option, String value) {
    TaskStatus status = TaskStatus.of(value.toLowerCase(Locale.ROOT));
    if (!status.isKnown()) {
      throw new UsageException(
          option + " must be one of active, pending, failed, completed, cancelled, got " + value);
    }
    return status;
  }

  /** A JSON object given on the command line, such as {@code --context '{"a":1}'}. */
  static Map<String, Object> object(String option, String json) {
    try {
      Map<String, Object> map =
          TaskPrinter.JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
      if (map == null || map.isEmpty()) {
        throw new UsageException(option + " must be a JSON object with at least one key");
      }
      return map;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UsageException(option + " is not a JSON object: " + e.getOriginalMessage());
    }
  }

  /** The guard of {@code --at STEP [--at-status S]}, or null. */
  static At at(Long step, String status) {
    if (step == null) {
      if (status != null) {
        throw new UsageException("--at-status needs --at STEP");
      }
      return null;
    }
    At at = At.step(step);
    return status == null ? at : at.withStatus(status("--at-status", status));
  }
}
