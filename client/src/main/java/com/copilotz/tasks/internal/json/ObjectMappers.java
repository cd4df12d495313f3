package com.copilotz.tasks.internal.json;

import com.copilotz.tasks.internal.wire.TaskList;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.OffsetDateTime;
import java.util.Map;
import retrofit2.Converter;
import retrofit2.converter.jackson.JacksonConverterFactory;

/** How the SDK reads and writes JSON: its mapper and Retrofit's converters over it. */
public final class ObjectMappers {
  private ObjectMappers() {}

  /**
   * Returns a mapper for the wire: a copy of {@code base} (never mutated) or a new one, that
   * ignores unknown fields, reads ISO-8601 dates (and the server's other date shapes), accepts a
   * task list bare or wrapped in {@code {"data": [...]}}, and never writes a null field or an empty
   * object field (the server skips nulls and fails on an empty {@code context}). Null values inside
   * a map are kept.
   */
  public static ObjectMapper mapper(ObjectMapper base) {
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
        .setInclude(
            JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS));
    return mapper;
  }

  /**
   * Retrofit's converters for the SDK: converter-jackson over the SDK's mapper (bytes straight into
   * Jackson), with the server's quirks in front of it.
   */
  public static Converter.Factory[] converters(ObjectMapper mapper) {
    return new Converter.Factory[] {new ServerQuirks(), JacksonConverterFactory.create(mapper)};
  }
}
