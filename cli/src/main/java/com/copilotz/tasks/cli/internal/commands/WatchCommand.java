package com.copilotz.tasks.cli.internal.commands;

import com.copilotz.tasks.TaskEvent;
import com.copilotz.tasks.TaskWatch;
import com.copilotz.tasks.WatchListener;
import com.copilotz.tasks.cli.internal.output.Format;
import com.copilotz.tasks.cli.internal.output.TaskPrinter;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.model.Task;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code copilotz-tasks watch [filters]}: one line per change, as it happens. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Print one line per change of the tasks of a query as it happens (a task appears, moves, changes"
          + " status or context, or is gone), like kubectl get -w; -o jsonl prints JSON lines.",
      "Runs until Ctrl-C, or --count changes."
    },
    footer = {
      "",
      "Examples:",
      "  copilotz-tasks watch --workflow 1",
      "  copilotz-tasks watch --step 3 --count 1 -o jsonl    # wait for the next task at step 3"
    })
final class WatchCommand extends Base {
  @Mixin QueryOptions filters;

  @Option(
      names = "--existing",
      description = "Print the tasks already there first, as if they appeared.")
  boolean existing;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How often to list the tasks (default 5s).")
  Duration interval = TaskWatch.DEFAULT_INTERVAL;

  @Option(names = "--count", paramLabel = "N", description = "Stop after N changes.")
  Long count;

  @Override
  int run() throws InterruptedException {
    if (count != null && count < 1) {
      throw new com.copilotz.tasks.cli.internal.UsageException(
          "--count must be positive, got " + count);
    }
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong printed = new AtomicLong();
    AtomicReference<CopilotzException> stopped = new AtomicReference<>();
    boolean json = root.format() != Format.TABLE;
    TaskWatch.Builder builder = client().watch(filters.query()).interval(interval);
    if (existing) {
      builder.reportExistingTasks();
    }
    TaskWatch watch =
        builder.start(
            new WatchListener() {
              @Override
              public void onEvent(TaskEvent event) {
                if (done.getCount() == 0) {
                  return;
                }
                session().out().println(json ? TaskPrinter.json(jsonOf(event)) : line(event));
                session().out().flush();
                if (count != null && printed.incrementAndGet() >= count) {
                  done.countDown();
                }
              }

              @Override
              public void onListingFailed(CopilotzException failure) {
                session()
                    .err()
                    .println(
                        "copilotz-tasks: a listing failed, trying again: " + failure.getMessage());
              }

              @Override
              public void onStopped(CopilotzException cause) {
                stopped.set(cause);
                done.countDown();
              }
            });
    Thread hook = new Thread(done::countDown, "copilotz-tasks-watch-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      done.await();
    } finally {
      watch.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the JVM is leaving.
      }
    }
    if (stopped.get() != null) {
      throw stopped.get();
    }
    return OK;
  }

  /** One line: the event, the task, and what changed. */
  static String line(TaskEvent event) {
    if (event instanceof TaskEvent.Gone) {
      return String.format("%-8s #%d", "gone", event.taskId());
    }
    Task task = task(event);
    String what;
    if (event instanceof TaskEvent.Appeared) {
      what = "appeared  at step " + task.getCurrentStep();
    } else if (event instanceof TaskEvent.Moved) {
      TaskEvent.Moved moved = (TaskEvent.Moved) event;
      what = "moved     step " + moved.fromStep() + " → " + moved.toStep();
    } else if (event instanceof TaskEvent.StatusChanged) {
      TaskEvent.StatusChanged changed = (TaskEvent.StatusChanged) event;
      what =
          "status    "
              + (changed.from() == null ? "none" : changed.from().value())
              + " → "
              + (changed.to() == null ? "none" : changed.to().value());
    } else {
      what = "context   " + String.join(",", ((TaskEvent.ContextChanged) event).keys());
    }
    return String.format(
        "#%-6d %-30s %-9s %s",
        event.taskId(),
        what,
        task.getStatus() == null ? "" : task.getStatus().value(),
        TaskPrinter.cut(
            task.getExtId() != null ? task.getExtId() + "  " + task.getName() : task.getName(),
            50));
  }

  /** The task an event (other than Gone) carries. */
  static Task task(TaskEvent event) {
    if (event instanceof TaskEvent.Appeared) {
      return ((TaskEvent.Appeared) event).task();
    }
    if (event instanceof TaskEvent.Moved) {
      return ((TaskEvent.Moved) event).task();
    }
    if (event instanceof TaskEvent.StatusChanged) {
      return ((TaskEvent.StatusChanged) event).task();
    }
    return ((TaskEvent.ContextChanged) event).task();
  }

  private static Map<String, Object> jsonOf(TaskEvent event) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("taskId", event.taskId());
    if (event instanceof TaskEvent.Gone) {
      json.put("event", "gone");
      return json;
    }
    if (event instanceof TaskEvent.Appeared) {
      json.put("event", "appeared");
    } else if (event instanceof TaskEvent.Moved) {
      TaskEvent.Moved moved = (TaskEvent.Moved) event;
      json.put("event", "moved");
      json.put("fromStep", moved.fromStep());
      json.put("toStep", moved.toStep());
    } else if (event instanceof TaskEvent.StatusChanged) {
      TaskEvent.StatusChanged changed = (TaskEvent.StatusChanged) event;
      json.put("event", "statusChanged");
      json.put("from", changed.from() == null ? null : changed.from().value());
      json.put("to", changed.to() == null ? null : changed.to().value());
    } else {
      json.put("event", "contextChanged");
      json.put("keys", ((TaskEvent.ContextChanged) event).keys());
    }
    json.put("task", task(event));
    return json;
  }
}
