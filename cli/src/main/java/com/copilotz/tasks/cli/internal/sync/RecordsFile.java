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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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
    try (Stream<CreateTaskRequest> rows = rows()) {
      long[] count = {0};
      rows.forEach(
          request -> {
            row.accept(request);
            count[0]++;
          });
      return count[0];
    }
  }

  /**
   * The rows as a stream read from the file as it is consumed: the file is never held whole. Close
   * the stream to close the file.
   *
   * @return the rows
   * @throws UsageException naming the line of a row that cannot be read (when the stream reaches
   *     it), or the file when it cannot be opened
   */
  public Stream<CreateTaskRequest> rows() {
    boolean jsonLines = path.toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
    BufferedReader reader;
    try {
      reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException(path + " does not exist");
    } catch (IOException e) {
      throw new UsageException(path + " cannot be read: " + e.getMessage());
    }
    Iterator<CreateTaskRequest> rows;
    try {
      rows = jsonLines ? jsonLines(reader) : csv(reader);
    } catch (IOException e) {
      closeQuietly(reader);
      throw new UsageException(path + " cannot be read: " + e.getMessage());
    }
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(() -> closeQuietly(reader));
  }

  private Iterator<CreateTaskRequest> jsonLines(BufferedReader reader) {
    return new Iterator<>() {
      private long lineNumber;
      private CreateTaskRequest next;

      @Override
      public boolean hasNext() {
        try {
          while (next == null) {
            String line = reader.readLine();
            if (line == null) {
              return false;
            }
            lineNumber++;
            if (line.isBlank()) {
              continue;
            }
            try {
              next = checked(JSON_LINES.readValue(line), lineNumber);
            } catch (JsonProcessingException e) {
              throw new UsageException(
                  path + " line " + lineNumber + ": " + e.getOriginalMessage());
            }
          }
          return true;
        } catch (IOException e) {
          throw new UsageException(path + " cannot be read: " + e.getMessage());
        }
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
    };
  }

  private Iterator<CreateTaskRequest> csv(Reader reader) throws IOException {
    MappingIterator<Map<String, String>> rows = CSV_ROWS.readValues(reader);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        long line = rows.getCurrentLocation().getLineNr();
        try {
          return rows.hasNextValue();
        } catch (IOException | RuntimeException e) {
          throw unreadable(e, line);
        }
      }

      @Override
      public CreateTaskRequest next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long line = rows.getCurrentLocation().getLineNr();
        Map<String, String> fields;
        try {
          fields = rows.nextValue();
        } catch (IOException | RuntimeException e) {
          throw unreadable(e, line);
        }
        return checked(request(fields, line), line);
      }
    };
  }

  private UsageException unreadable(Exception e, long line) {
    String message =
        e instanceof JsonProcessingException
            ? ((JsonProcessingException) e).getOriginalMessage()
            : e.getMessage();
    return new UsageException(path + " line " + Math.max(line, 1) + ": " + message);
  }

  private static void closeQuietly(Reader reader) {
    try {
      reader.close();
    } catch (IOException ignored) {
      // Read to the end, or given up on.
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
