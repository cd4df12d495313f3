package com.copilotz.tasks.mcp.internal.tools;

import com.copilotz.tasks.TaskFailure;
import com.copilotz.tasks.model.Task;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Tasks as the tools and resources show them: the API's own field names ({@code _id}, {@code
 * extId}, {@code workflow}, {@code currentStep}, {@code status}, ...), a populated reference in
 * place of its id as the server sends it, and for a failed task the {@code failure} the agent
 * recorded. Thread-safe.
 */
public final class TaskJson {
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  /**
   * The task as a JSON object.
   *
   * @param task the task
   * @return its fields, in the API's order, as Jackson writes them
   */
  public Object toJson(Task task) {
    // A record rather than a map or Jackson's convertValue: a tool call allocates a third less
    // (McpBenchmarks).
    Map<String, Object> failure =
        TaskFailure.of(task)
            .map(
                recorded -> {
                  Map<String, Object> map = new LinkedHashMap<>();
                  if (recorded.step() != null) {
                    map.put("step", recorded.step());
                  }
                  map.put("reason", recorded.reason());
                  return map;
                })
            .orElse(null);
    return new TaskView(
        task.getId(),
        task.getExtId(),
        task.populatedWorkflow().<Object>map(this::convert).orElse(task.getWorkflow()),
        task.populatedCurrentStep().<Object>map(this::convert).orElse(task.getCurrentStep()),
        task.getStatus() == null ? null : task.getStatus().value(),
        task.getName(),
        task.getDescription(),
        task.getContext(),
        date(task.getCreatedAt()),
        date(task.getUpdatedAt()),
        failure);
  }

  /** A task as the tools show it; null fields are left out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "_id",
    "extId",
    "workflow",
    "currentStep",
    "status",
    "name",
    "description",
    "context",
    "createdAt",
    "updatedAt",
    "failure"
  })
  record TaskView(
      @JsonProperty("_id") @Nullable Long id,
      @Nullable String extId,
      @Nullable Object workflow,
      @Nullable Object currentStep,
      @Nullable String status,
      @Nullable String name,
      @Nullable String description,
      @Nullable Map<String, Object> context,
      @Nullable String createdAt,
      @Nullable String updatedAt,
      @Nullable Map<String, Object> failure) {}

  private Map<String, Object> convert(Object value) {
    return mapper.convertValue(value, MAP);
  }

  /**
   * ISO-8601 with seconds and the shortest fraction, as the server writes its dates ({@code
   * 2026-12-04T00:33:36.907Z}), in one buffer.
   */
  static @Nullable String date(@Nullable OffsetDateTime date) {
    if (date == null) {
      return null;
    }
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return date.toString();
    }
    StringBuilder text = new StringBuilder(35);
    digits(text, year, 4).append('-');
    digits(text, date.getMonthValue(), 2).append('-');
    digits(text, date.getDayOfMonth(), 2).append('T');
    digits(text, date.getHour(), 2).append(':');
    digits(text, date.getMinute(), 2).append(':');
    digits(text, date.getSecond(), 2);
    int nano = date.getNano();
    if (nano != 0) {
      text.append('.');
      if (nano % 1_000_000 == 0) {
        digits(text, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        digits(text, nano / 1_000, 6);
      } else {
        digits(text, nano, 9);
      }
    }
    return text.append(date.getOffset().getId()).toString();
  }

  private static StringBuilder digits(StringBuilder text, int value, int width) {
    for (int divisor = (int) Math.pow(10, width - 1); divisor > 0; divisor /= 10) {
      text.append((char) ('0' + value / divisor % 10));
    }
    return text;
  }

  /**
   * A JSON value as text.
   *
   * @param value a map, list or scalar
   * @return its JSON
   */
  public String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
