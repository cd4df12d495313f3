package com.copilotz.tasks.examples;

import com.copilotz.tasks.SyncFailure;
import com.copilotz.tasks.SyncProgress;
import com.copilotz.tasks.SyncReport;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A backend job that keeps Copilotz tasks in step with an external system's records, keyed by
 * extId: reads a CSV or JSON Lines file row by row, once per sync (it is never held in memory
 * whole), syncs it with a progress bar, prints the report, then runs the same sync again to show
 * that a rerun makes no writes.
 *
 * <p>Usage: {@code ExtIdSyncJob [file.csv|file.jsonl]}; without an argument it reads the sample
 * file that ships with it ({@code sample-records.csv}). CSV columns: {@code
 * extId,name,description,status} and any more, which go into the task's context; fields follow RFC
 * 4180 (quoted fields may hold commas, quotes and line breaks). Each JSON line is a task: {@code
 * extId}, {@code name}, {@code description}, {@code status}, optional {@code workflow}, {@code
 * currentStep} and {@code context}. A line that cannot be read is a failed row, with its line
 * number; the others sync. Stopped (Ctrl-C) while it syncs, it ends its progress line and prints
 * what it did so far: a rerun finishes the job, since rows already synced make no writes.
 */
public final class ExtIdSyncJob {
  private static final CsvMapper CSV = new CsvMapper();
  private static final ObjectReader CSV_ROWS =
      CSV.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader());
  private static final ObjectReader JSON_LINES =
      new ObjectMapper()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readerFor(CreateTaskRequest.class);

  private ExtIdSyncJob() {}

  /** Where the records come from: a file, or the sample on the class path. */
  interface Source {
    /** Opens the records for reading. */
    Reader open() throws IOException;

    /** The size of the records in bytes, for the progress bar; -1 when unknown. */
    long size() throws IOException;
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
    Path path = args.length > 0 ? Path.of(args[0]).toAbsolutePath() : null;
    if (path != null && !Files.isRegularFile(path)) {
      System.err.println("no such file: " + path);
      return 2;
    }
    Source source = path != null ? file(path) : sample();
    boolean jsonLines = path != null && path.toString().endsWith(".jsonl");
    try (ExampleServer server = ExampleServer.connect()) {
      for (String run : new String[] {"First sync", "Second sync of the same records"}) {
        System.out.println(run + ":");
        try (Records records = read(source.open(), jsonLines)) {
          ProgressBar bar = new ProgressBar(records::charsRead, source.size(), isTerminal());
          Thread stopped = new Thread(() -> bar.stopped(), "sync-job-stopped");
          Runtime.getRuntime().addShutdownHook(stopped);
          SyncReport report;
          try {
            report =
                server
                    .client
                    .taskSync()
                    .concurrency(8)
                    .onProgress(bar)
                    .build()
                    .run(records.stream());
          } finally {
            Runtime.getRuntime().removeShutdownHook(stopped);
          }
          bar.finish();
          print(report, records);
        }
      }
    }
    return 0;
  }

  /**
   * True when the output is an interactive terminal, where a bar can be redrawn in place; false
   * when it goes to a file, a pipe or a CI log. On Java 22 and later a console exists even then,
   * and says so itself.
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
    return new Source() {
      @Override
      public Reader open() throws IOException {
        return Files.newBufferedReader(path, StandardCharsets.UTF_8);
      }

      @Override
      public long size() throws IOException {
        return Files.size(path);
      }
    };
  }

  static Source sample() {
    URL sample = ExtIdSyncJob.class.getResource("/sample-records.csv");
    return new Source() {
      @Override
      public Reader open() throws IOException {
        if (sample == null) {
          throw new IOException("sample-records.csv is missing from the class path");
        }
        return new InputStreamReader(sample.openStream(), StandardCharsets.UTF_8);
      }

      @Override
      public long size() throws IOException {
        URLConnection connection = sample == null ? null : sample.openConnection();
        return connection == null ? -1 : connection.getContentLengthLong();
      }
    };
  }

  /** Prints the report: the counts, then each failed row, by the line it starts at. */
  static void print(SyncReport report, Records records) {
    System.out.printf(
        "   %d rows read: created %d, updated %d, unchanged %d, failed %d (%d writes) in %d ms%n",
        records.rows() + records.unreadable().size(),
        report.created(),
        report.updated(),
        report.unchanged(),
        report.failed() + records.unreadable().size(),
        report.writes(),
        report.elapsed().toMillis());
    List<String> lines = new ArrayList<>();
    List<Long> at = new ArrayList<>();
    for (SyncFailure failure : report.failures()) {
      long line = records.lineOf(failure.row());
      at.add(line);
      lines.add(
          String.format(
              "   line %d (%s) failed: %s", line, failure.extId(), failure.error().getMessage()));
    }
    for (Unreadable unreadable : records.unreadable()) {
      at.add(unreadable.line());
      lines.add(
          String.format(
              "   line %d could not be read: %s", unreadable.line(), unreadable.reason()));
    }
    Integer[] order = new Integer[lines.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Long.compare(at.get(a), at.get(b)));
    for (int i : order) {
      System.out.println(lines.get(i));
    }
  }

  /**
   * Shows the sync's progress: on a terminal, a bar redrawn in place ({@code [#####.....] 120 rows
   * ...}) at most ten times a second, filled as far as the file has been read; elsewhere (a file, a
   * CI log) one plain line per tenth of the file, and the last one.
   */
  static final class ProgressBar implements Consumer<SyncProgress> {
    private static final int WIDTH = 30;
    private final java.util.function.LongSupplier position;
    private final long size;
    private final boolean terminal;
    private SyncProgress last = new SyncProgress(0, -1, 0, 0, 0, 0);
    private long lastDrawn;
    private int tenthsShown;
    private boolean lineOpen;

    /**
     * A bar over a file of {@code size} bytes (-1 when unknown), read as far as {@code position}
     * says.
     */
    ProgressBar(java.util.function.LongSupplier position, long size, boolean terminal) {
      this.position = position;
      this.size = size;
      this.terminal = terminal;
    }

    @Override
    public synchronized void accept(SyncProgress progress) {
      last = progress;
      int percent = percent();
      if (!terminal) {
        if (percent / 10 > tenthsShown && percent < 100) {
          tenthsShown = percent / 10;
          System.out.println("   " + counts(progress, percent));
        }
        return;
      }
      long now = System.nanoTime();
      if (now - lastDrawn < 100_000_000L) {
        return;
      }
      lastDrawn = now;
      draw(percent);
    }

    /** The last line, once every row is synced: the bar full, or the last plain line. */
    synchronized void finish() {
      if (terminal) {
        draw(100);
        System.out.println();
        lineOpen = false;
      } else {
        System.out.println("   " + counts(last, 100));
      }
    }

    /**
     * The job was stopped (Ctrl-C) while it synced: ends the progress line and says what was done.
     */
    synchronized void stopped() {
      if (lineOpen) {
        System.out.println();
      }
      System.out.println("Stopped after " + counts(last, percent()) + ".");
      System.out.println(
          "Rows not synced yet were not sent. Run the job again to finish: it is idempotent, and the"
              + " rows already synced make no writes.");
      System.out.flush();
    }

    private void draw(int percent) {
      int filled = WIDTH * percent / 100;
      System.out.print(
          "\r   ["
              + "#".repeat(filled)
              + ".".repeat(WIDTH - filled)
              + "] "
              + counts(last, percent));
      System.out.flush();
      lineOpen = true;
    }

    private int percent() {
      return size > 0 ? (int) Math.min(100, 100 * position.getAsLong() / size) : 0;
    }

    private static String counts(SyncProgress progress, int percent) {
      return String.format(
          "%d rows (%d%% of the file) created=%d updated=%d unchanged=%d failed=%d",
          progress.done(),
          percent,
          progress.created(),
          progress.updated(),
          progress.unchanged(),
          progress.failed());
    }
  }

  /** A line of the input that could not be read as a record. */
  record Unreadable(long line, String reason) {}

  /**
   * The records of an input, parsed one at a time as the stream is consumed, with the line each
   * starts at and the lines that could not be read; closing it closes the input.
   */
  static final class Records implements AutoCloseable {
    private final Reader reader;
    private final Iterator<CreateTaskRequest> rows;
    private final List<Unreadable> unreadable = new ArrayList<>();

    /** The line each row handed out starts at, by row (from 1): {@code lines[row - 1]}. */
    private long[] lines = new long[256];

    private int count;
    private volatile long charsRead;

    private Records(Reader reader, Iterator<CreateTaskRequest> rows) {
      this.reader = reader;
      this.rows = rows;
    }

    /** The records, as a stream read lazily. */
    Stream<CreateTaskRequest> stream() {
      return StreamSupport.stream(
          Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED | Spliterator.NONNULL),
          false);
    }

    /** How many rows were handed out. */
    synchronized int rows() {
      return count;
    }

    /** The line row {@code row} (from 1) starts at. */
    synchronized long lineOf(long row) {
      return row >= 1 && row <= count ? lines[(int) row - 1] : -1;
    }

    synchronized List<Unreadable> unreadable() {
      return List.copyOf(unreadable);
    }

    /** About how far the input has been read, in characters. */
    long charsRead() {
      return charsRead;
    }

    private synchronized void handedOut(long line) {
      if (count == lines.length) {
        lines = Arrays.copyOf(lines, count * 2);
      }
      lines[count++] = line;
    }

    private synchronized void unreadable(long line, String reason) {
      unreadable.add(new Unreadable(line, reason));
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /** The records of {@code reader}: JSON Lines, or CSV with a header. */
  static Records read(Reader reader, boolean jsonLines) throws IOException {
    return jsonLines ? readJsonLines(new BufferedReader(reader)) : readCsv(reader);
  }

  /**
   * Rows read one ahead: {@link #read} gives the next row, or null when there is none left. Both
   * formats are read through it.
   */
  private abstract static class ReadAhead implements Iterator<CreateTaskRequest> {
    private CreateTaskRequest next;
    private boolean ended;

    /** The next row, or null at the end. */
    abstract CreateTaskRequest read();

    @Override
    public boolean hasNext() {
      if (next == null && !ended) {
        next = read();
        ended = next == null;
      }
      return next != null;
    }

    @Override
    public CreateTaskRequest next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      CreateTaskRequest row = next;
      next = null;
      return row;
    }
  }

  /**
   * One record per non-blank line; a line that is not a record is noted with its number and
   * skipped.
   */
  private static Records readJsonLines(BufferedReader reader) {
    Records[] records = new Records[1];
    Iterator<CreateTaskRequest> rows =
        new ReadAhead() {
          private long line;

          @Override
          CreateTaskRequest read() {
            while (true) {
              String text;
              try {
                text = reader.readLine();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              if (text == null) {
                return null;
              }
              line++;
              records[0].charsRead += text.length() + 1;
              if (text.isBlank()) {
                continue;
              }
              try {
                CreateTaskRequest row = JSON_LINES.readValue(text);
                records[0].handedOut(line);
                return row;
              } catch (JsonProcessingException e) {
                records[0].unreadable(line, "not a JSON record: " + e.getOriginalMessage());
              }
            }
          }
        };
    records[0] = new Records(reader, rows);
    return records[0];
  }

  /**
   * One record per CSV row (which may span lines). A row that cannot be parsed ends the input
   * there: it is noted with its line, and the rows before it sync.
   */
  private static Records readCsv(Reader reader) throws IOException {
    MappingIterator<Map<String, String>> csv = CSV_ROWS.readValues(reader);
    Records[] records = new Records[1];
    Iterator<CreateTaskRequest> rows =
        new ReadAhead() {
          @Override
          CreateTaskRequest read() {
            // The parser stands past the row before (or the header): on the line this row starts
            // at.
            long line = csv.getCurrentLocation().getLineNr();
            try {
              if (!csv.hasNextValue()) {
                return null;
              }
              Map<String, String> row = csv.nextValue();
              records[0].charsRead = csv.getCurrentLocation().getCharOffset();
              records[0].handedOut(line);
              return fromCsvRow(row);
            } catch (IOException | RuntimeException e) {
              records[0].unreadable(line, "not a CSV row: " + e.getMessage());
              return null;
            }
          }
        };
    records[0] = new Records(reader, rows);
    return records[0];
  }

  /**
   * One CSV row: the known columns are task fields, the others go into the context; empty cells are
   * unset.
   */
  static CreateTaskRequest fromCsvRow(Map<String, String> row) {
    CreateTaskRequest record = new CreateTaskRequest();
    Map<String, Object> context = new LinkedHashMap<>();
    row.forEach(
        (column, cell) -> {
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
