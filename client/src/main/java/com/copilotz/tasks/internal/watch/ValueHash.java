package com.copilotz.tasks.internal.watch;

import java.util.List;
import java.util.Map;

/**
 * A 32-bit hash of a context value as Jackson reads it (maps, lists, strings, numbers, booleans,
 * null), which tells values apart as the server stores them: numbers by their value as doubles (the
 * server's numbers are JavaScript's, so {@code 1} and {@code 1.0} are one value), objects by their
 * keys and values in order.
 */
final class ValueHash {
  private static final long SEED = 0x9E3779B97F4A7C15L;

  private ValueHash() {}

  /** The hash of {@code value}. */
  static int of(Object value) {
    long h = hash(value);
    return (int) (h ^ (h >>> 32));
  }

  private static long hash(Object value) {
    if (value == null) {
      return 0x51ED2701A3B4C5D7L;
    }
    if (value instanceof String) {
      return mix(string((String) value) ^ 1);
    }
    if (value instanceof Number) {
      return mix(Double.doubleToLongBits(((Number) value).doubleValue()) ^ 2);
    }
    if (value instanceof Boolean) {
      return mix((Boolean) value ? 3 : 4);
    }
    if (value instanceof Map) {
      long h = 5;
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        h = mix(h * 31 + string(String.valueOf(entry.getKey())));
        h = mix(h * 31 + hash(entry.getValue()));
      }
      return h;
    }
    if (value instanceof List) {
      long h = 6;
      for (Object element : (List<?>) value) {
        h = mix(h * 31 + hash(element));
      }
      return h;
    }
    return mix(string(value.toString()) ^ 7);
  }

  /** A 64-bit hash of the characters of {@code text}. */
  private static long string(String text) {
    long h = SEED ^ text.length();
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001B3L;
    }
    return h;
  }

  /** MurmurHash3's 64-bit finalizer. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }
}
