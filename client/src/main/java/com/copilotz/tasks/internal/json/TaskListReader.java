package com.copilotz.tasks.internal.json;

import com.copilotz.tasks.internal.wire.TaskList;
import com.copilotz.tasks.model.Task;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.Closeable;
import java.io.IOException;
import okhttp3.ResponseBody;

/**
 * Reads the tasks of a list answer one at a time, as the body arrives: the server's {@code {"data":
 * [...]}} (other fields are skipped) or the docs' bare array. Only the task being read is in
 * memory. Closing it closes the answer. Not thread-safe.
 */
public final class TaskListReader implements Closeable {
  private final ResponseBody body;
  private final JsonParser parser;
  private final ObjectReader tasks;
  private boolean wrapped;
  private boolean ended;

  private TaskListReader(ResponseBody body, JsonParser parser, ObjectReader tasks) {
    this.body = body;
    this.parser = parser;
    this.tasks = tasks;
  }

  /**
   * Starts reading {@code body}: up to the first task. Returns null, having closed the body, when
   * it is empty; throws, having closed it, when it is not a list.
   *
   * @param body the answer's body
   * @param tasks reads one task
   * @return the reader, or null for an empty body
   * @throws IOException if the body cannot be read, or is not a list
   */
  public static TaskListReader open(ResponseBody body, ObjectReader tasks) throws IOException {
    JsonParser parser = null;
    try {
      parser = tasks.createParser(body.byteStream());
      JsonToken first = parser.nextToken();
      if (first == null) {
        parser.close();
        body.close();
        return null;
      }
      TaskListReader reader = new TaskListReader(body, parser, tasks);
      reader.start(first);
      return reader;
    } catch (IOException | RuntimeException e) {
      if (parser != null) {
        parser.close();
      }
      body.close();
      throw e;
    }
  }

  /** Positions the parser before the first task: inside the array, bare or under {@code data}. */
  private void start(JsonToken first) throws IOException {
    if (first == JsonToken.START_ARRAY) {
      return;
    }
    if (first != JsonToken.START_OBJECT) {
      throw new JsonParseException(parser, "a task list is an object or an array, not " + first);
    }
    wrapped = true;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken value = parser.nextToken();
      if (TaskList.JSON_PROPERTY_DATA.equals(field) && value == JsonToken.START_ARRAY) {
        return;
      }
      parser.skipChildren();
    }
    ended = true;
  }

  /**
   * The next task.
   *
   * @return it, or null at the end of the list
   * @throws IOException if the body cannot be read
   */
  public Task next() throws IOException {
    if (ended) {
      return null;
    }
    JsonToken token = parser.nextToken();
    if (token == JsonToken.END_ARRAY || token == null) {
      finish();
      return null;
    }
    if (token != JsonToken.START_OBJECT) {
      throw new JsonParseException(parser, "a task is an object, not " + token);
    }
    return tasks.readValue(parser);
  }

  /** Reads what follows the list (the rest of the wrapper), so the connection can be reused. */
  private void finish() throws IOException {
    ended = true;
    if (wrapped) {
      while (parser.nextToken() != null) {
        parser.skipChildren();
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      parser.close();
    } finally {
      body.close();
    }
  }
}
