package com.copilotz.tasks.cli.internal.output;

import com.copilotz.tasks.model.Task;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prints tasks as {@link Format} says: a table whose columns fit their content (the name cut with
 * an ellipsis past 40 characters), a JSON document, or JSON lines written as the tasks stream in.
 */
public final class TaskPrinter {
  /** The JSON of the API: {@code _id}, {@code extId}, ..., ISO dates. */
  public static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private static final String[] HEADER = {
    "ID", "EXT ID", "NAME", "WORKFLOW", "STEP", "STATUS", "UPDATED"
  };
  private static final int NAME_WIDTH = 40;

  private final PrintStream out;
  private final Format format;

  /**
   * Prints to {@code out}.
   *
   * @param out where the tasks go
   * @param format how
   */
  public TaskPrinter(PrintStream out, Format format) {
    this.out = out;
    this.format = format;
  }

  /** Prints one task. */
  public void print(Task task) {
    if (format == Format.TABLE) {
      table(List.of(task));
    } else {
      out.println(json(task));
    }
  }

  /**
   * Prints tasks as they stream in (JSON lines, a JSON array), or all at once (a table).
   *
   * @return how many were printed
   */
  public long print(Stream<Task> tasks) {
    long count = 0;
    if (format == Format.TABLE) {
      List<Task> all = new ArrayList<>();
      tasks.forEach(all::add);
      table(all);
      return all.size();
    }
    if (format == Format.JSONL) {
      for (Iterator<Task> it = tasks.iterator(); it.hasNext(); count++) {
        out.println(json(it.next()));
      }
      return count;
    }
    out.print('[');
    for (Iterator<Task> it = tasks.iterator(); it.hasNext(); count++) {
      out.print(count == 0 ? "" : ",");
      out.print(json(it.next()));
    }
    out.println(']');
    return count;
  }

  /** A value as one line of JSON. */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void table(List<Task> tasks) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (Task task : tasks) {
      rows.add(
          new String[] {
            text(task.getId()),
            text(task.getExtId()),
            cut(task.getName(), NAME_WIDTH),
            text(task.getWorkflow()),
            text(task.getCurrentStep()),
            task.getStatus() == null ? "" : task.getStatus().value(),
            task.getUpdatedAt() == null ? "" : task.getUpdatedAt().toString()
          });
    }
    out.print(Table.render(rows));
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  /** {@code text} cut to {@code width} code points, the last an ellipsis when it is cut. */
  public static String cut(String text, int width) {
    if (text == null) {
      return "";
    }
    String line = text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    if (line.codePointCount(0, line.length()) <= width) {
      return line;
    }
    if (width <= 1) {
      return width == 1 ? "…" : "";
    }
    return line.substring(0, line.offsetByCodePoints(0, width - 1)) + "…";
  }
}
