package com.copilotz.tasks.mcp.internal.tools;

import com.copilotz.tasks.model.TaskStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of one tool call, read by name with the tool's rules: each reader throws {@link
 * InvalidArgumentException} naming the argument when it is missing, of the wrong JSON type, or out
 * of range, so that nothing is sent to Copilotz on bad input.
 */
final class Arguments {
  private final Map<String, Object> values;

  private Arguments(Map<String, Object> values) {
    this.values = values;
  }

  /**
   * Reads {@code arguments}, refusing any name the tool does not take.
   *
   * @param arguments the call's arguments; null is none
   * @param known the names the tool takes
   */
  static Arguments of(@Nullable Map<String, Object> arguments, Set<String> known) {
    Map<String, Object> values = arguments == null ? Map.of() : arguments;
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw new InvalidArgumentException(
            "Unknown argument '"
                + name
                + "'. This tool takes: "
                + String.join(", ", new TreeSet<>(known))
                + ".");
      }
    }
    return new Arguments(values);
  }

  /** A task or step id: a positive whole number. */
  long requiredId(String name) {
    Long id = optionalId(name);
    if (id == null) {
      throw missing(name, "a positive whole number");
    }
    return id;
  }

  /** A task or step id, or null when absent. */
  @Nullable Long optionalId(String name) {
    Long value = optionalLong(name, "a positive whole number");
    if (value != null && value <= 0) {
      throw new InvalidArgumentException(
          "'" + name + "' must be a positive whole number, got " + value + ".");
    }
    return value;
  }

  /** A whole number in [min, max], or {@code otherwise} when absent. */
  int intInRange(String name, int min, int max, int otherwise) {
    String what = "a whole number from " + min + " to " + max;
    Long value = optionalLong(name, what);
    if (value == null) {
      return otherwise;
    }
    if (value < min || value > max) {
      throw new InvalidArgumentException("'" + name + "' must be " + what + ", got " + value + ".");
    }
    return value.intValue();
  }

  /** A string that is not blank. */
  String requiredText(String name) {
    String value = optionalText(name);
    if (value == null) {
      throw missing(name, "a non-blank string");
    }
    return value;
  }

  /** A string that is not blank, or null when absent. */
  @Nullable String optionalText(String name) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String)) {
      throw wrongType(name, "a string", value);
    }
    String text = (String) value;
    if (text.isBlank()) {
      throw new InvalidArgumentException("'" + name + "' must not be blank.");
    }
    return text;
  }

  /** A task status, or null when absent. */
  @Nullable TaskStatus optionalStatus(String name) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    return status(name, value);
  }

  /** A list of task statuses; empty when absent. */
  List<TaskStatus> statuses(String name) {
    List<TaskStatus> statuses = new ArrayList<>();
    for (Object item : list(name, "an array of statuses")) {
      statuses.add(status(name, item));
    }
    return statuses;
  }

  /** A list of positive whole numbers; empty when absent. */
  List<Long> ids(String name) {
    List<Long> ids = new ArrayList<>();
    for (Object item : list(name, "an array of positive whole numbers")) {
      Long id = whole(item);
      if (id == null || id <= 0) {
        throw new InvalidArgumentException(
            "'"
                + name
                + "' must be an array of positive whole numbers; it holds "
                + show(item)
                + ".");
      }
      ids.add(id);
    }
    return ids;
  }

  /** A list of strings from {@code allowed}; empty when absent. */
  List<String> choices(String name, Set<String> allowed) {
    if (!has(name)) {
      return List.of();
    }
    List<String> chosen = new ArrayList<>();
    String what = "an array of " + String.join(", ", allowed);
    for (Object item : list(name, what)) {
      if (!(item instanceof String) || !allowed.contains(item)) {
        throw new InvalidArgumentException(
            "'" + name + "' must be " + what + "; it holds " + show(item) + ".");
      }
      chosen.add((String) item);
    }
    return chosen;
  }

  /**
   * A JSON object with at least one key, or null when absent: a task's context or a patch of it
   * (the server cannot store an empty one).
   */
  @Nullable Map<String, Object> optionalObject(String name) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map)) {
      throw wrongType(name, "a JSON object", value);
    }
    Map<?, ?> map = (Map<?, ?>) value;
    if (map.isEmpty()) {
      throw new InvalidArgumentException(
          "'" + name + "' must hold at least one key; leave it out to change nothing.");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, item) -> copy.put(String.valueOf(key), item));
    return copy;
  }

  /** Whether the call has this argument. */
  boolean has(String name) {
    return values.get(name) != null;
  }

  private List<?> list(String name, String what) {
    Object value = values.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List)) {
      throw wrongType(name, what, value);
    }
    return (List<?>) value;
  }

  private static TaskStatus status(String name, Object value) {
    String known = knownStatuses();
    if (!(value instanceof String)) {
      throw wrongType(name, "one of " + known, value);
    }
    TaskStatus status = TaskStatus.of(((String) value).toLowerCase(Locale.ROOT));
    if (!status.isKnown()) {
      throw new InvalidArgumentException(
          "'" + name + "' must be one of " + known + ", got " + show(value) + ".");
    }
    return status;
  }

  static String knownStatuses() {
    List<String> names = new ArrayList<>();
    for (TaskStatus status : TaskStatus.knownValues()) {
      names.add(status.value());
    }
    return String.join(", ", names);
  }

  private @Nullable Long optionalLong(String name, String what) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    Long whole = whole(value);
    if (whole == null) {
      throw wrongType(name, what, value);
    }
    return whole;
  }

  /** The value as a long when it is a JSON number with no fraction that fits; else null. */
  private static @Nullable Long whole(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger) {
      BigInteger big = (BigInteger) value;
      return big.bitLength() < 64 ? big.longValue() : null;
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      try {
        return new BigDecimal(value.toString()).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static InvalidArgumentException missing(String name, String what) {
    return new InvalidArgumentException("'" + name + "' is required: " + what + ".");
  }

  private static InvalidArgumentException wrongType(String name, String what, Object value) {
    return new InvalidArgumentException(
        "'" + name + "' must be " + what + ", got " + show(value) + ".");
  }

  private static String show(@Nullable Object value) {
    if (value instanceof String) {
      String text = (String) value;
      return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof Boolean) {
      return "the boolean " + value;
    }
    return value == null ? "null" : "the number " + value;
  }
}
