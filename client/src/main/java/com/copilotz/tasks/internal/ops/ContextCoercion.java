package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.internal.log.SdkLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the server stores a task's {@code context}, as measured on the running server, in one place:
 *
 * <ul>
 *   <li>a PUT merges the context key by key through SQLite's {@code json_set}, which stores each
 *       top-level scalar as text: {@code true} as the string {@code "true"}; {@code false}, {@code
 *       0} and {@code ""} as the string {@code "null"}; other numbers and strings as sent; objects,
 *       arrays and {@code null} as sent. A POST stores the context as sent;
 *   <li>numbers, at any depth, are JavaScript doubles: an integer beyond 2<sup>53</sup> comes back
 *       rounded.
 * </ul>
 *
 * The comparisons of the upsert and the sync use it to tell a stored value equal to a desired one
 * when writing the desired one would store exactly what is stored, so that an unchanged row
 * converges to zero writes; and the client warns, once per key, when an update sends a value the
 * server will not keep as sent.
 */
public final class ContextCoercion {
  /** The largest integer a double holds exactly: beyond it the server rounds. */
  private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

  /**
   * At most this many keys are remembered as warned about, per client; later keys are not warned
   * about.
   */
  private static final int MAX_WARNED_KEYS = 1_000;

  private static final TextNode STORED_TRUE = TextNode.valueOf("true");
  private static final TextNode STORED_NULL = TextNode.valueOf("null");

  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** What a PUT stores for the top-level context value {@code value}. */
  static JsonNode storedByUpdate(JsonNode value) {
    if (value == null || value.isNull()) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? STORED_TRUE : STORED_NULL;
    }
    if ((value.isNumber() && value.doubleValue() == 0)
        || (value.isTextual() && value.textValue().isEmpty())) {
      return STORED_NULL;
    }
    return value;
  }

  /**
   * True when the top-level value {@code stored} is not what a PUT would have stored: a POST stored
   * it as sent.
   */
  static boolean storedAsCreated(JsonNode stored) {
    return stored != null && !stored.isNull() && !storedByUpdate(stored).equals(stored);
  }

  /**
   * True when {@code a} and {@code b} are the same JSON value as the server keeps it: numbers by
   * their double.
   */
  static boolean sameStoredJson(JsonNode a, JsonNode b) {
    return a.equals(BY_STORED_VALUE, b);
  }

  /**
   * Value nodes compared as the server keeps them: numbers by their double, the rest as they are.
   */
  private static final Comparator<JsonNode> BY_STORED_VALUE =
      (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
          return Double.compare(x.doubleValue(), y.doubleValue()) == 0 ? 0 : 1;
        }
        return x.equals(y) ? 0 : 1;
      };

  /**
   * True when {@code stored} is what writing {@code desired} under its top-level key would leave
   * stored: the value itself (as a POST stored it, or as it already was), or what a PUT stores for
   * it.
   */
  static boolean keeps(JsonNode stored, JsonNode desired) {
    return sameStoredJson(stored, desired) || sameStoredJson(stored, storedByUpdate(desired));
  }

  /**
   * Says, once per key for this client, when an update's context {@code patch} holds a value the
   * server will not keep as sent.
   */
  void warnOnUpdate(Map<String, ?> patch) {
    if (patch == null || patch.isEmpty() || warned.size() >= MAX_WARNED_KEYS) {
      return;
    }
    for (Map.Entry<String, ?> entry : patch.entrySet()) {
      String becomes = storedOnUpdateAs(entry.getValue());
      if (becomes != null && warned.size() < MAX_WARNED_KEYS && warned.add(entry.getKey())) {
        SdkLogger.DATA.warning(
            "context key \""
                + entry.getKey()
                + "\": the server stores "
                + describe(entry.getValue())
                + " as "
                + becomes
                + " (an update stores top-level true as \"true\", and false, 0 and \"\" as \"null\"; "
                + "numbers are doubles). Said once per key; see the README, \"How the server treats updates\"");
      }
    }
  }

  /**
   * How the server stores {@code value} under a top-level key of an update, or null when it keeps
   * it as sent.
   */
  static String storedOnUpdateAs(Object value) {
    if (value instanceof JsonNode) {
      JsonNode node = (JsonNode) value;
      if (node.isBoolean() || (node.isTextual() && node.textValue().isEmpty()) || node.isNumber()) {
        value = node.isBoolean() ? node.booleanValue() : node.isTextual() ? "" : node.numberValue();
      } else {
        return roundedSomewhere(node) ? "rounded doubles" : null;
      }
    }
    if (Boolean.TRUE.equals(value)) {
      return "the string \"true\"";
    }
    if (Boolean.FALSE.equals(value)
        || (value instanceof CharSequence && ((CharSequence) value).length() == 0)) {
      return "the string \"null\"";
    }
    if (value instanceof Number) {
      if (isZero((Number) value)) {
        return "the string \"null\"";
      }
      return rounded((Number) value) ? "a rounded double" : null;
    }
    return roundedSomewhere(value) ? "rounded doubles" : null;
  }

  private static String describe(Object value) {
    if (value instanceof CharSequence) {
      return "\"" + value + "\"";
    }
    return value instanceof Number
            || value instanceof Boolean
            || value instanceof JsonNode && ((JsonNode) value).isValueNode()
        ? String.valueOf(value)
        : "a value holding an integer beyond 2^53";
  }

  private static boolean isZero(Number number) {
    if (number instanceof BigDecimal) {
      return ((BigDecimal) number).signum() == 0;
    }
    if (number instanceof BigInteger) {
      return ((BigInteger) number).signum() == 0;
    }
    return number.doubleValue() == 0;
  }

  /** True for an integer the server cannot hold exactly. */
  private static boolean rounded(Number number) {
    if (number instanceof Long) {
      long value = number.longValue();
      return value > EXACT_DOUBLE_LIMIT || value < -EXACT_DOUBLE_LIMIT;
    }
    if (number instanceof BigInteger) {
      return ((BigInteger) number).abs().compareTo(BigInteger.valueOf(EXACT_DOUBLE_LIMIT)) > 0;
    }
    return false;
  }

  /**
   * True when a nested value (maps, collections, JSON trees) holds an integer the server cannot
   * hold exactly.
   */
  private static boolean roundedSomewhere(Object value) {
    if (value instanceof Number) {
      return rounded((Number) value);
    }
    if (value instanceof Map) {
      for (Object nested : ((Map<?, ?>) value).values()) {
        if (roundedSomewhere(nested)) {
          return true;
        }
      }
    } else if (value instanceof Collection) {
      for (Object nested : (Collection<?>) value) {
        if (roundedSomewhere(nested)) {
          return true;
        }
      }
    } else if (value instanceof JsonNode) {
      JsonNode node = (JsonNode) value;
      if (node.isIntegralNumber()) {
        return rounded(node.bigIntegerValue());
      }
      for (JsonNode nested : node) {
        if (roundedSomewhere(nested)) {
          return true;
        }
      }
    }
    return false;
  }
}
