package com.copilotz.tasks.internal.json;

import com.copilotz.tasks.internal.wire.TaskList;
import com.copilotz.tasks.model.Task;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.List;

/** Reads {@code {"data": [...]}} as the server sends it, and a bare array as the docs show it. */
public final class TaskListDeserializer extends StdDeserializer<TaskList> {
  private static final long serialVersionUID = 1L;

  TaskListDeserializer() {
    super(TaskList.class);
  }

  @Override
  public TaskList deserialize(JsonParser parser, DeserializationContext context)
      throws IOException {
    JavaType listOfTasks = context.getTypeFactory().constructCollectionType(List.class, Task.class);
    if (parser.isExpectedStartArrayToken()) {
      return new TaskList().data(context.readValue(parser, listOfTasks));
    }
    if (!parser.isExpectedStartObjectToken()) {
      return (TaskList) context.handleUnexpectedToken(TaskList.class, parser);
    }
    TaskList list = new TaskList().data(List.of());
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      parser.nextToken();
      if (TaskList.JSON_PROPERTY_DATA.equals(field)
          && parser.currentToken() != JsonToken.VALUE_NULL) {
        list.data(context.readValue(parser, listOfTasks));
      } else {
        parser.skipChildren();
      }
    }
    return list;
  }
}
