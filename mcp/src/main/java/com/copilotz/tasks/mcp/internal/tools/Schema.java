package com.copilotz.tasks.mcp.internal.tools;

import com.copilotz.tasks.model.TaskStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schemas (draft 2020-12) of the tools' inputs, built as maps. The types and enums of the
 * task's fields are the OpenAPI spec's ({@code ToolSchemasTest} checks them against it).
 */
final class Schema {
  private Schema() {}

  /** A positive integer id. */
  static Map<String, Object> id(String description) {
    return of("integer", "minimum", 1, description);
  }

  /** An integer in [min, max]. */
  static Map<String, Object> integer(String description, long min, long max) {
    Map<String, Object> schema = of("integer", "minimum", min, description);
    schema.put("maximum", max);
    return schema;
  }

  /** A non-blank string. */
  static Map<String, Object> text(String description) {
    return of("string", "minLength", 1, description);
  }

  /** One of the known task statuses. */
  static Map<String, Object> status(String description) {
    List<String> values = new ArrayList<>();
    for (TaskStatus status : TaskStatus.knownValues()) {
      values.add(status.value());
    }
    return of("string", "enum", values, description);
  }

  /** One of {@code values}. */
  static Map<String, Object> choice(String description, Set<String> values) {
    return of("string", "enum", List.copyOf(values), description);
  }

  /** An array of {@code items}. */
  static Map<String, Object> array(String description, Map<String, Object> items) {
    return of("array", "items", items, description);
  }

  /** A JSON object with any keys, and at least one. */
  static Map<String, Object> anyObject(String description) {
    Map<String, Object> schema = of("object", "minProperties", 1, description);
    schema.put("additionalProperties", true);
    return schema;
  }

  /** A schema of this type with one keyword and a description; keywords in the order shown. */
  private static Map<String, Object> of(
      String type, String keyword, Object value, String description) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", type);
    schema.put(keyword, value);
    schema.put("description", description);
    return schema;
  }

  /** A tool's input: an object with named properties and no others. */
  static ObjectBuilder object() {
    return new ObjectBuilder();
  }

  /** Builds an object schema. */
  static final class ObjectBuilder {
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    ObjectBuilder property(String name, Map<String, Object> schema) {
      properties.put(name, schema);
      return this;
    }

    ObjectBuilder require(String... names) {
      required.addAll(List.of(names));
      return this;
    }

    Map<String, Object> build() {
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "object");
      schema.put("properties", properties);
      if (!required.isEmpty()) {
        schema.put("required", required);
      }
      schema.put("additionalProperties", false);
      return schema;
    }
  }
}
