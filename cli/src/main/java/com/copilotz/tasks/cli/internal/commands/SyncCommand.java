package com.copilotz.tasks.cli.internal.commands;

import com.copilotz.tasks.SyncFailure;
import com.copilotz.tasks.SyncProgress;
import com.copilotz.tasks.SyncReport;
import com.copilotz.tasks.TaskSync;
import com.copilotz.tasks.cli.internal.ExitStatus;
import com.copilotz.tasks.cli.internal.sync.RecordsFile;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code copilotz-tasks sync FILE}: keeps tasks in step with a file's records, by extId. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Create or update one task per record of a CSV or JSON lines file, by extId (TaskSync): a progress"
          + " bar on a terminal, plain lines in a log, the report at the end. The file is checked whole"
          + " first: a row that cannot be read stops the sync before anything is written.",
      "CSV columns: extId,name,description,status and any other, into the context. A sync leaves workflow,"
          + " step and status of existing tasks to the agent. Ctrl-C prints what was done; a rerun finishes.",
      "Exit status 1 when a row failed."
    },
    footer = {
      "",
      "Examples:",
      "  copilotz-tasks sync records.csv --workflow 1 --dry-run",
      "  copilotz-tasks sync records.jsonl --workflow 1"
    })
final class SyncCommand extends Base {
  @Parameters(paramLabel = "FILE", description = "A .csv or .jsonl file.")
  Path file;

  @Option(
      names = "--workflow",
      paramLabel = "ID",
      description = "The workflow of records that name none.")
  Long workflow;

  @Option(names = "--dry-run", description = "Say what would be written; write nothing.")
  boolean dryRun;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "Rows synced at once (default 8).")
  int concurrency = TaskSync.DEFAULT_CONCURRENCY;

  @Override
  int run() {
    RecordsFile records = new RecordsFile(file, workflow);
    long total = records.read(row -> {});
    PrintStream out = session().out();
    if (dryRun) {
      return dryRun(records, out);
    }
    boolean terminal = System.console() != null && out == System.out;
    AtomicReference<SyncProgress> last = new AtomicReference<>();
    long[] lastLogged = {-1};
    Thread interrupted =
        new Thread(
            () -> {
              SyncProgress progress = last.get();
              out.println();
              out.println(
                  "interrupted: "
                      + (progress == null ? 0 : progress.done())
                      + " of "
                      + total
                      + " rows done"
                      + (progress == null ? "" : counts(progress))
                      + "; a rerun finishes the job");
              out.flush();
            },
            "copilotz-tasks-sync-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    SyncReport report;
    try {
      TaskSync sync =
          client()
              .taskSync()
              .concurrency(concurrency)
              .onProgress(
                  progress -> {
                    last.set(progress);
                    if (terminal) {
                      out.print("\r" + bar(progress.done(), total) + counts(progress));
                      out.flush();
                    } else {
                      long tenth = total == 0 ? 10 : progress.done() * 10 / total;
                      synchronized (lastLogged) {
                        if (tenth > lastLogged[0] || progress.done() == total) {
                          lastLogged[0] = tenth;
                          out.println(
                              "synced " + progress.done() + " of " + total + counts(progress));
                        }
                      }
                    }
                  })
              .build();
      // The file streams through the sync: it was checked whole above, and is never held whole.
      try (Stream<CreateTaskRequest> rows = records.rows()) {
        report = sync.run(rows);
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(interrupted);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook prints.
      }
    }
    if (terminal) {
      out.println();
    }
    out.println(
        "done in "
            + report.elapsed().toMillis()
            + " ms: "
            + report.created()
            + " created, "
            + report.updated()
            + " updated, "
            + report.unchanged()
            + " unchanged ("
            + report.leftToTheAgent()
            + " left to the agent), "
            + report.failed()
            + " failed");
    for (SyncFailure failure : report.failures()) {
      session()
          .err()
          .println(
              "row "
                  + failure.row()
                  + " ("
                  + failure.extId()
                  + "): "
                  + failure.error().getMessage());
    }
    return report.failed() == 0 ? OK : ExitStatus.FAILURE;
  }

  private int dryRun(RecordsFile records, PrintStream out) {
    long[] counts = new long[3];
    records.read(
        row -> {
          Optional<Task> found = client().findByExtId(row.getExtId());
          if (found.isEmpty()) {
            counts[0]++;
            out.println("create     " + row.getExtId() + "  " + row.getName());
            return;
          }
          List<String> changes = changes(found.get(), row);
          if (changes.isEmpty()) {
            counts[2]++;
            out.println("unchanged  " + row.getExtId());
          } else {
            counts[1]++;
            out.println("update     " + row.getExtId() + "  " + String.join(", ", changes));
          }
        });
    out.println(
        "dry run: "
            + counts[0]
            + " to create, "
            + counts[1]
            + " to update, "
            + counts[2]
            + " unchanged; nothing was written");
    return OK;
  }

  /** The fields a sync would write: name, description, and the context keys that differ. */
  private static List<String> changes(Task task, CreateTaskRequest row) {
    List<String> changes = new ArrayList<>();
    if (!Objects.equals(task.getName(), row.getName())) {
      changes.add("name");
    }
    if (row.getDescription() != null
        && !Objects.equals(task.getDescription(), row.getDescription())) {
      changes.add("description");
    }
    if (row.getContext() != null) {
      Map<String, Object> stored = task.getContext() == null ? Map.of() : task.getContext();
      for (Map.Entry<String, Object> key : row.getContext().entrySet()) {
        if (!Objects.equals(
            String.valueOf(stored.get(key.getKey())), String.valueOf(key.getValue()))) {
          changes.add("context." + key.getKey());
        }
      }
    }
    return changes;
  }

  private static String bar(long done, long total) {
    int width = 30;
    int filled = total == 0 ? width : (int) (done * width / total);
    return "["
        + "#".repeat(filled)
        + ".".repeat(width - filled)
        + "] "
        + (total == 0 ? 100 : done * 100 / total)
        + "% "
        + done
        + "/"
        + total;
  }

  private static String counts(SyncProgress progress) {
    return " (created "
        + progress.created()
        + ", updated "
        + progress.updated()
        + ", unchanged "
        + progress.unchanged()
        + ", failed "
        + progress.failed()
        + ")";
  }
}
