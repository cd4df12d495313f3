package com.copilotz.tasks.internal.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small cache of values by id that keeps at most {@code capacity} entries (the least recently
 * used go first) for at most {@code ttl} each. A zero {@code ttl} keeps nothing. Thread-safe.
 */
public final class ExpiringCache<V> {
  private final int capacity;
  private final Duration ttl;
  private final Clock clock;
  private final LinkedHashMap<Long, Expiring<V>> entries;

  ExpiringCache(int capacity, Duration ttl, Clock clock) {
    this.capacity = capacity;
    this.ttl = ttl;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Expiring<V>> eldest) {
            return size() > ExpiringCache.this.capacity;
          }
        };
  }

  /** The cached value, or null when absent or expired. */
  synchronized V get(long id) {
    Expiring<V> entry = entries.get(id);
    if (entry == null) {
      return null;
    }
    if (!clock.instant().isBefore(entry.expiresAt)) {
      entries.remove(id);
      return null;
    }
    return entry.value;
  }

  synchronized void put(long id, V value) {
    if (!ttl.isZero()) {
      entries.put(id, new Expiring<>(value, clock.instant().plus(ttl)));
    }
  }

  private static final class Expiring<V> {
    final V value;
    final Instant expiresAt;

    Expiring(V value, Instant expiresAt) {
      this.value = value;
      this.expiresAt = expiresAt;
    }
  }
}
