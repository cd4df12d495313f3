package com.copilotz.tasks.cli.internal.sync;

import com.copilotz.tasks.cli.internal.UsageException;
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
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A file of records to sync, as the {@code ExtIdSyncJob} example reads them: CSV with a header
 * ({@code extId,name,description,status}, and any other column into the task's context; RFC 4180
 * quoting), or JSON lines ({@code .jsonl}: each line a task). Read as a stream, never whole; a row
 * that cannot be read stops the reading with its line number.
 */
public final class RecordsFile {
  private static final ObjectReader CSV_ROWS =
      new CsvMapper().readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader());
  private static final ObjectReader JSON_LINES =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readerFor(CreateTaskRequest.class);

  private final Path path;
  private final Long workflow;

  /**
   * A file.
   *
   * @param path a {@code .csv} or {@code .jsonl} file
   * @param workflow the workflow of rows that name none, or null
   */
  public RecordsFile(Path path, Long workflow) {
    this.path = path;
    this.workflow = workflow;
  }

  /**
   * Reads every row, in order.
   *
   * @param row told each row
   * @return how many rows there were
   * @throws UsageException naming the line of a row that cannot be read, or the file
   */
  public long read(Consumer<CreateTaskRequest> row) {
    boolean jsonLines = path.toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return jsonLines ? readJsonLines(reader, row) : readCsv(reader, row);
    } catch (NoSuchFileException e) {
      throw new UsageException(path + " does not exist");
    } catch (IOException e) {
      throw new UsageException(path + " cannot be read: " + e.getMessage());
    }
  }

  private long readJsonLines(BufferedReader reader, Consumer<CreateTaskRequest> row)
      throws IOException {
    long count = 0;
    long lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      CreateTaskRequest request;
      try {
        request = JSON_LINES.readValue(line);
      } catch (JsonProcessingException e) {
        throw new UsageException(path + " line " + lineNumber + ": " + e.getOriginalMessage());
      }
      row.accept(checked(request, lineNumber));
      count++;
    }
    return count;
  }

  private long readCsv(Reader reader, Consumer<CreateTaskRequest> row) throws IOException {
    long count = 0;
    try (MappingIterator<Map<String, String>> rows = CSV_ROWS.readValues(reader)) {
      while (true) {
        long line = rows.getCurrentLocation().getLineNr();
        Map<String, String> fields;
        try {
          if (!rows.hasNextValue()) {
            return count;
          }
          line = rows.getCurrentLocation().getLineNr();
          fields = rows.nextValue();
        } catch (JsonProcessingException | RuntimeException e) {
          String message =
              e instanceof JsonProcessingException
                  ? ((JsonProcessingException) e).getOriginalMessage()
                  : e.getMessage();
          throw new UsageException(path + " line " + Math.max(line, 1) + ": " + message);
        }
        row.accept(checked(request(fields, line), line));
        count++;
      }
    }
  }

  private CreateTaskRequest request(Map<String, String> fields, long line) {
    CreateTaskRequest request = new CreateTaskRequest();
    Map<String, Object> context = new LinkedHashMap<>();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String value = field.getValue();
      switch (field.getKey()) {
        case "extId":
          request.extId(value);
          break;
        case "name":
          request.name(value);
          break;
        case "description":
          request.description(value);
          break;
        case "status":
          if (value != null && !value.isBlank()) {
            TaskStatus status = TaskStatus.of(value.strip().toLowerCase(Locale.ROOT));
            if (!status.isKnown()) {
              throw new UsageException(path + " line " + line + ": unknown status " + value);
            }
            request.status(status);
          }
          break;
        default:
          if (value != null && !value.isEmpty()) {
            context.put(field.getKey(), value);
          }
      }
    }
    if (!context.isEmpty()) {
      request.context(context);
    }
    return request;
  }

  private CreateTaskRequest checked(CreateTaskRequest request, long line) {
    if (request.getExtId() == null || request.getExtId().isBlank()) {
      throw new UsageException(path + " line " + line + ": no extId");
    }
    if (request.getName() == null || request.getName().isBlank()) {
      throw new UsageException(path + " line " + line + ": no name");
    }
    if (request.getDescription() == null) {
      request.description("");
    }
    if (request.getWorkflow() == null && workflow != null) {
      request.workflow(workflow);
    }
    return request;
  }
}
