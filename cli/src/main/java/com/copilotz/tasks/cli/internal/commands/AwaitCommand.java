package com.copilotz.tasks.cli.internal.commands;

import com.copilotz.tasks.Until;
import com.copilotz.tasks.cli.internal.ExitStatus;
import com.copilotz.tasks.cli.internal.UsageException;
import com.copilotz.tasks.errors.WaitFailedException;
import com.copilotz.tasks.errors.WaitTimeoutException;
import com.copilotz.tasks.model.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code copilotz-tasks await ID --until ...}: waits, and says how by its exit status. */
@Command(
    name = "await",
    mixinStandardHelpOptions = true,
    description = {
      "Wait until a task is completed (by default), at a step, or has a status; print it then.",
      "Exit status: 0 when met; 3 when the task failed or was cancelled instead; 4 when the time ran out"
          + " (the task still runs); 5 when there is no such task."
    },
    footer = {
      "",
      "Examples:",
      "  copilotz-tasks await 42 --until completed --timeout 10m && deploy.sh",
      "  copilotz-tasks await 42 --until step=3 --until status=pending"
    })
final class AwaitCommand extends Base {
  @Parameters(paramLabel = "ID", description = "The task's _id.")
  long id;

  @Option(
      names = "--until",
      paramLabel = "CONDITION",
      description = "completed (default), step=ID or status=STATUS; repeat for any of several.")
  List<String> until = new ArrayList<>();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long to wait at most (default 5m): 30s, 10m, 2h, PT1H.")
  Duration timeout = Until.DEFAULT_TIMEOUT;

  @Option(
      names = "--poll-interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How often to read the task at first (default 1s; it grows while nothing changes).")
  Duration pollInterval = Until.DEFAULT_POLL_INTERVAL;

  @Override
  int run() {
    Until condition = condition().timeout(timeout).pollInterval(pollInterval);
    try {
      printer().print(client().awaitTask(id, condition));
      return OK;
    } catch (WaitFailedException e) {
      printer().print(e.task());
      session().err().println("copilotz-tasks: " + e.getMessage());
      return ExitStatus.TASK_FAILED;
    } catch (WaitTimeoutException e) {
      e.lastTask().ifPresent(printer()::print);
      session()
          .err()
          .println(
              "copilotz-tasks: still waiting after "
                  + timeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                  + "; the task runs on");
      return ExitStatus.TIMED_OUT;
    }
  }

  private Until condition() {
    List<TaskStatus> statuses = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    for (String value : until) {
      if (value.equals("completed")) {
        statuses.add(TaskStatus.COMPLETED);
      } else if (value.startsWith("step=")) {
        try {
          steps.add(Long.parseLong(value.substring(5)));
        } catch (NumberFormatException e) {
          throw new UsageException("--until step= needs a step id, got " + value);
        }
      } else if (value.startsWith("status=")) {
        statuses.add(status("--until status=", value.substring(7)));
      } else {
        throw new UsageException(
            "--until must be completed, step=ID or status=STATUS, got " + value);
      }
    }
    return Until.reaching(statuses, steps);
  }
}
