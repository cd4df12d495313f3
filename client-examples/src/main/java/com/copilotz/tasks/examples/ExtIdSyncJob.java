package com.copilotz.tasks.examples;

import com.copilotz.tasks.SyncFailure;
import com.copilotz.tasks.SyncProgress;
import com.copilotz.tasks.SyncReport;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backend job that keeps Copilotz tasks in step with an external system's records, keyed by extId: reads a
 * CSV or JSON Lines file, syncs it with a progress bar, prints the report, then runs the same sync again to
 * show that a rerun makes no writes.
 *
 * <p>Usage: {@code ExtIdSyncJob [file.csv|file.jsonl]}; without an argument it reads the sample file that
 * ships with it ({@code sample-records.csv}). CSV columns: {@code extId,name,description,status} and any
 * more, which go into the task's context. Each JSON line is a task: {@code extId}, {@code name},
 * {@code description}, {@code status}, optional {@code workflow}, {@code currentStep} and {@code context}.
 */
public final class ExtIdSyncJob {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ExtIdSyncJob() {}

  /**
   * Runs the job.
   *
   * @param args an optional path to a {@code .csv} or {@code .jsonl} file
   * @throws IOException if the file cannot be read
   */
  public static void main(String[] args) throws IOException {
    List<CreateTaskRequest> records = args.length > 0 ? read(Path.of(args[0])) : readSample();
    System.out.printf("Read %d records.%n", records.size());
    try (ExampleServer server = ExampleServer.connect()) {
      for (String run : new String[] {"First sync", "Second sync of the same records"}) {
        System.out.println(run + ":");
        SyncReport report =
            server.client.taskSync().concurrency(8).onProgress(new ProgressBar()).build().run(records);
        print(report);
      }
    }
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

  /** Draws {@code [#####.....] 120/200} on one terminal line, at most ten times a second. */
  static final class ProgressBar implements java.util.function.Consumer<SyncProgress> {
    private long lastDrawn;

    @Override
    public void accept(SyncProgress progress) {
      long now = System.nanoTime();
      boolean last = progress.total() >= 0 && progress.done() == progress.total();
      if (!last && now - lastDrawn < 100_000_000L) {
        return;
      }
      lastDrawn = now;
      int width = 30;
      int filled = progress.total() > 0 ? (int) (width * progress.done() / progress.total()) : 0;
      System.out.printf(
          "\r   [%s%s] %d/%s created=%d updated=%d unchanged=%d failed=%d%s",
          "#".repeat(filled), ".".repeat(width - filled), progress.done(),
          progress.total() >= 0 ? String.valueOf(progress.total()) : "?",
          progress.created(), progress.updated(), progress.unchanged(), progress.failed(), last ? "\n" : "");
      System.out.flush();
    }
  }

  static List<CreateTaskRequest> readSample() throws IOException {
    try (InputStream in = ExtIdSyncJob.class.getResourceAsStream("/sample-records.csv")) {
      if (in == null) {
        throw new IOException("sample-records.csv is missing from the class path");
      }
      return readCsv(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    }
  }

  static List<CreateTaskRequest> read(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return file.toString().endsWith(".jsonl") ? readJsonLines(reader) : readCsv(reader);
    }
  }

  static List<CreateTaskRequest> readJsonLines(BufferedReader reader) {
    List<CreateTaskRequest> records = new ArrayList<>();
    reader.lines().filter(line -> !line.isBlank()).forEach(line -> {
      try {
        records.add(JSON.readValue(line, CreateTaskRequest.class));
      } catch (IOException e) {
        throw new UncheckedIOException("Not a JSON object: " + line, e);
      }
    });
    return records;
  }

  static List<CreateTaskRequest> readCsv(BufferedReader reader) throws IOException {
    String headerLine = reader.readLine();
    if (headerLine == null) {
      return List.of();
    }
    List<String> header = parseCsvLine(headerLine);
    List<CreateTaskRequest> records = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = parseCsvLine(line);
      CreateTaskRequest record = new CreateTaskRequest();
      Map<String, Object> context = new LinkedHashMap<>();
      for (int i = 0; i < header.size() && i < cells.size(); i++) {
        String value = cells.get(i).isEmpty() ? null : cells.get(i);
        switch (header.get(i)) {
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
              context.put(header.get(i), value);
            }
        }
      }
      records.add(context.isEmpty() ? record : record.context(context));
    }
    return records;
  }

  /** One CSV line: fields split on commas, a field in double quotes may hold commas and doubled quotes. */
  static List<String> parseCsvLine(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        cell.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
