package com.copilotz.tasks;

import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.internal.wire.TaskList;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import retrofit2.Converter;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/** The one place that decides how the SDK reads and writes JSON. */
final class Json {
  private Json() {}

  /**
   * Returns a mapper for the wire: a copy of {@code base} (never mutated) or a new one, that ignores unknown
   * fields, reads ISO-8601 dates (and the server's other date shapes), accepts a task list bare or wrapped
   * in {@code {"data": [...]}}, and never writes a null field or an empty object field (the server skips
   * nulls and fails on an empty {@code context}). Null values inside a map are kept.
   */
  static ObjectMapper mapper(ObjectMapper base) {
    ObjectMapper mapper = base == null ? new ObjectMapper() : base.copy();
    mapper.registerModule(new JavaTimeModule());
    mapper.registerModule(
        new SimpleModule("copilotz-tasks")
            .addDeserializer(TaskList.class, new TaskListDeserializer())
            .addDeserializer(OffsetDateTime.class, new LenientOffsetDateTimeDeserializer())
            .setDeserializerModifier(new PopulatedReferences()));
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    mapper.setDefaultPropertyInclusion(
        JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS));
    mapper
        .configOverride(Map.class)
        .setInclude(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS));
    return mapper;
  }

  /**
   * Retrofit's converters for the SDK: converter-jackson over the SDK's mapper (bytes straight into Jackson),
   * with the server's quirks in front of it.
   */
  static Converter.Factory[] converters(ObjectMapper mapper) {
    return new Converter.Factory[] {new ServerQuirks(), JacksonConverterFactory.create(mapper)};
  }

  /**
   * The server's quirks, in front of converter-jackson: an empty or blank success body is the server's "not
   * found" and converts to {@code null}, which {@link ApiCaller} turns into the error that fits the call; a
   * body that is not the JSON it should be converts to an {@link Unreadable}, so that the caller still has the
   * answer's status and headers when it raises the error. Everything else is converter-jackson's.
   */
  static final class ServerQuirks extends Converter.Factory {
    @Override
    public Converter<ResponseBody, ?> responseBodyConverter(
        Type type, Annotation[] annotations, Retrofit retrofit) {
      Converter<ResponseBody, ?> jackson = retrofit.nextResponseBodyConverter(this, type, annotations);
      return body -> {
        if (isBlank(body.source())) {
          body.close();
          return null;
        }
        try {
          return jackson.convert(body);
        } catch (JsonProcessingException unreadable) {
          return new Unreadable(unreadable);
        }
      };
    }

    /** True when the body holds nothing but whitespace; reads ahead without consuming anything. */
    private static boolean isBlank(BufferedSource source) throws IOException {
      for (long i = 0; source.request(i + 1); i++) {
        byte b = source.getBuffer().getByte(i);
        if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Reads a task's {@code workflow} and {@code currentStep} as the server sends them: an id, or, when the
   * call asked for {@code _populate}, the object itself, whose id goes into the field and which the task
   * keeps ({@link Task#populatedWorkflow()}, {@link Task#populatedCurrentStep()}); an object without an id (the
   * server's answer for a null or dangling reference) populates nothing.
   */
  static final class PopulatedReferences extends BeanDeserializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public BeanDeserializerBuilder updateBuilder(
        DeserializationConfig config, BeanDescription description, BeanDeserializerBuilder builder) {
      if (description.getBeanClass() == Task.class) {
        replace(builder, Task.JSON_PROPERTY_WORKFLOW,
            new Reference<>(Workflow.class, Task::populatedWorkflow, Workflow::getId));
        replace(builder, Task.JSON_PROPERTY_CURRENT_STEP,
            new Reference<>(Step.class, Task::populatedCurrentStep, Step::getId));
      }
      return builder;
    }

    private static void replace(BeanDeserializerBuilder builder, String name, Reference<?> reader) {
      SettableBeanProperty property = builder.findProperty(PropertyName.construct(name));
      if (property != null) {
        builder.addOrReplaceProperty(property.withValueDeserializer(reader), true);
      }
    }
  }

  /** An id, or the object it names, kept on the task being read. */
  static final class Reference<T> extends StdDeserializer<Long> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final transient BiConsumer<Task, T> keep;
    private final transient Function<T, Long> idOf;

    Reference(Class<T> type, BiConsumer<Task, T> keep, Function<T, Long> idOf) {
      super(Long.class);
      this.type = type;
      this.keep = keep;
      this.idOf = idOf;
    }

    @Override
    @SuppressWarnings("deprecation") // getCurrentValue(): the name every Jackson 2.x has.
    public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        return parser.getLongValue();
      }
      if (!parser.isExpectedStartObjectToken()) {
        return context.readValue(parser, Long.class);
      }
      T populated = context.readValue(parser, type);
      Long id = idOf.apply(populated);
      if (id == null) {
        // A null or dangling reference, populated: the server sends an object whose fields are all null. The
        // task then has nothing populated for it, and no id.
        return null;
      }
      // Past the object's end the parser is back in the task's object, whose current value is the task.
      Object task = parser.getParsingContext().getCurrentValue();
      if (task instanceof Task) {
        keep.accept((Task) task, populated);
      }
      return id;
    }
  }

  /**
   * What the converter returns, in place of the type the call expects, for a success body that is not the
   * JSON it should be (an HTML page, a truncated or malformed document). {@link ApiCaller} checks for it
   * before the body reaches anyone.
   */
  static final class Unreadable {
    final JsonProcessingException failure;

    Unreadable(JsonProcessingException failure) {
      this.failure = failure;
    }
  }

  /** Reads {@code {"data": [...]}} as the server sends it, and a bare array as the docs show it. */
  static final class TaskListDeserializer extends StdDeserializer<TaskList> {
    private static final long serialVersionUID = 1L;

    TaskListDeserializer() {
      super(TaskList.class);
    }

    @Override
    public TaskList deserialize(JsonParser parser, DeserializationContext context) throws IOException {
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
        if (TaskList.JSON_PROPERTY_DATA.equals(field) && parser.currentToken() != JsonToken.VALUE_NULL) {
          list.data(context.readValue(parser, listOfTasks));
        } else {
          parser.skipChildren();
        }
      }
      return list;
    }
  }

  /**
   * Reads ISO-8601 date-times with an offset, and also what a SQL database may hand back: a date-time
   * without offset (read as UTC, with a space or a {@code T}) or epoch milliseconds.
   */
  static final class LenientOffsetDateTimeDeserializer extends StdDeserializer<OffsetDateTime> {
    private static final long serialVersionUID = 1L;

    LenientOffsetDateTimeDeserializer() {
      super(OffsetDateTime.class);
    }

    @Override
    public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        return Instant.ofEpochMilli(parser.getLongValue()).atOffset(ZoneOffset.UTC);
      }
      String text = parser.getValueAsString();
      if (text == null) {
        return (OffsetDateTime) context.handleUnexpectedToken(OffsetDateTime.class, parser);
      }
      text = text.trim();
      if (text.isEmpty()) {
        return null;
      }
      try {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      } catch (DateTimeParseException withOffset) {
        try {
          return LocalDateTime.parse(text.replace(' ', 'T'), DateTimeFormatter.ISO_LOCAL_DATE_TIME)
              .atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException withoutOffset) {
          return (OffsetDateTime)
              context.handleWeirdStringValue(OffsetDateTime.class, text, "not an ISO-8601 date-time");
        }
      }
    }
  }
}
