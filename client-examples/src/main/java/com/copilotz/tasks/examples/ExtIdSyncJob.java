package com.copilotz.tasks.examples;

import com.copilotz.tasks.SyncFailure;
import com.copilotz.tasks.SyncProgress;
import com.copilotz.tasks.SyncReport;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A backend job that keeps Copilotz tasks in step with an external system's records, keyed by extId: reads a
 * CSV or JSON Lines file row by row (it is never held in memory whole), syncs it with a progress bar, prints
 * the report, then runs the same sync again to show that a rerun makes no writes.
 *
 * <p>Usage: {@code ExtIdSyncJob [file.csv|file.jsonl]}; without an argument it reads the sample file that
 * ships with it ({@code sample-records.csv}). CSV columns: {@code extId,name,description,status} and any
 * more, which go into the task's context; fields follow RFC 4180 (quoted fields may hold commas, quotes and
 * line breaks). Each JSON line is a task: {@code extId}, {@code name}, {@code description}, {@code status},
 * optional {@code workflow}, {@code currentStep} and {@code context}.
 */
public final class ExtIdSyncJob {
  private static final CsvMapper CSV = new CsvMapper();
  private static final ObjectReader CSV_ROWS =
      CSV.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader());
  private static final ObjectReader JSON_LINES =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readerFor(CreateTaskRequest.class);

  private ExtIdSyncJob() {}

  /** Where the records come from: a file, or the sample on the class path. */
  interface Source {
    Reader open() throws IOException;
  }

  /**
   * Runs the job; ends the JVM with status 2 when the file does not exist.
   *
   * @param args an optional path to a {@code .csv} or {@code .jsonl} file
   * @throws IOException if the file cannot be read
   */
  public static void main(String[] args) throws IOException {
    int status = run(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the job; returns the process status: 0, or 2 when the file does not exist. */
  static int run(String[] args) throws IOException {
    if (args.length > 0 && !Files.isRegularFile(Path.of(args[0]))) {
      System.err.println("no such file: " + args[0]);
      return 2;
    }
    Source source = args.length > 0 ? file(Path.of(args[0])) : ExtIdSyncJob::openSample;
    boolean jsonLines = args.length > 0 && args[0].endsWith(".jsonl");
    long count;
    try (Stream<CreateTaskRequest> records = read(source.open(), jsonLines)) {
      count = records.count();
    }
    System.out.printf("Read %d records.%n", count);
    try (ExampleServer server = ExampleServer.connect()) {
      for (String run : new String[] {"First sync", "Second sync of the same records"}) {
        System.out.println(run + ":");
        try (Stream<CreateTaskRequest> records = read(source.open(), jsonLines)) {
          SyncReport report = server.client.taskSync()
              .concurrency(8)
              .onProgress(new ProgressBar(count, isTerminal()))
              .build()
              .run(records);
          print(report);
        }
      }
    }
    return 0;
  }

  /**
   * True when the output is an interactive terminal, where a bar can be redrawn in place; false when it goes
   * to a file, a pipe or a CI log. On Java 22 and later a console exists even then, and says so itself.
   */
  static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException beforeJava22) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  static Source file(Path path) {
    return () -> Files.newBufferedReader(path, StandardCharsets.UTF_8);
  }

  static Reader openSample() throws IOException {
    InputStream in = ExtIdSyncJob.class.getResourceAsStream("/sample-records.csv");
    if (in == null) {
      throw new IOException("sample-records.csv is missing from the class path");
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  static void print(SyncReport report) {
    System.out.printf(
        "   created %d, updated %d, unchanged %d, failed %d (%d writes) in %d ms%n",
        report.created(), report.updated(), report.unchanged(), report.failed(), report.writes(),
        report.elapsed().toMillis());
    for (SyncFailure failure : report.failures()) {
      System.out.printf("   row %d (%s) failed: %s%n", failure.row(), failure.extId(), failure.error().getMessage());
    }
  }

  /**
   * Shows the sync's progress: on a terminal, a bar redrawn in place ({@code [#####.....] 120/200}) at most ten
   * times a second; elsewhere (a file, a CI log) one plain line per tenth of the rows, and the last one.
   */
  static final class ProgressBar implements java.util.function.Consumer<SyncProgress> {
    private final long expected;
    private final boolean terminal;
    private long lastDrawn;
    private long nextLine;

    ProgressBar(long expected, boolean terminal) {
      this.expected = expected;
      this.terminal = terminal;
    }

    @Override
    public void accept(SyncProgress progress) {
      long total = progress.total() >= 0 ? progress.total() : expected;
      boolean last = total >= 0 && progress.done() == total;
      String counts = String.format("%d/%s created=%d updated=%d unchanged=%d failed=%d",
          progress.done(), total >= 0 ? String.valueOf(total) : "?",
          progress.created(), progress.updated(), progress.unchanged(), progress.failed());
      if (!terminal) {
        long step = Math.max(1, total > 0 ? total / 10 : 100);
        if (nextLine == 0) {
          nextLine = step;
        }
        if (last || progress.done() >= nextLine) {
          System.out.println("   " + counts);
          nextLine = progress.done() + step;
        }
        return;
      }
      long now = System.nanoTime();
      if (!last && now - lastDrawn < 100_000_000L) {
        return;
      }
      lastDrawn = now;
      int width = 30;
      int filled = total > 0 ? (int) (width * progress.done() / total) : 0;
      System.out.print("\r   [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + counts + (last ? "\n" : ""));
      System.out.flush();
    }
  }

  /**
   * The records of {@code reader}, parsed one at a time as the stream is consumed; closing the stream closes
   * the reader.
   */
  static Stream<CreateTaskRequest> read(Reader reader, boolean jsonLines) throws IOException {
    if (jsonLines) {
      MappingIterator<CreateTaskRequest> rows = JSON_LINES.readValues(reader);
      return stream(rows);
    }
    MappingIterator<Map<String, String>> rows = CSV_ROWS.readValues(reader);
    return stream(rows).map(ExtIdSyncJob::fromCsvRow);
  }

  private static <T> Stream<T> stream(MappingIterator<T> rows) {
    Spliterator<T> spliterator = Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(spliterator, false).onClose(() -> {
      try {
        rows.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** One CSV row: the known columns are task fields, the others go into the context; empty cells are unset. */
  static CreateTaskRequest fromCsvRow(Map<String, String> row) {
    CreateTaskRequest record = new CreateTaskRequest();
    Map<String, Object> context = new LinkedHashMap<>();
    row.forEach((column, cell) -> {
      String value = cell == null || cell.isEmpty() ? null : cell;
      switch (column) {
        case "extId":
          record.extId(value);
          break;
        case "name":
          record.name(value);
          break;
        case "description":
          record.description(value);
          break;
        case "status":
          record.status(value == null ? null : TaskStatus.of(value));
          break;
        default:
          if (value != null) {
            context.put(column, value);
          }
      }
    });
    return context.isEmpty() ? record : record.context(context);
  }
}
