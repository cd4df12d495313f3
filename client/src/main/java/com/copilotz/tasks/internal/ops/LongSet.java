package com.copilotz.tasks.internal.ops;

/**
 * A set of positive longs in one {@code long[]} (open addressing, linear probing): eight bytes and
 * a little per id, where a {@code HashSet<Long>} costs a boxed {@code Long} and a node per id. Not
 * thread-safe.
 */
public final class LongSet {
  private long[] slots = new long[16];
  private int size;

  /** Adds {@code value}, which must be positive; true when it was not in the set. */
  boolean add(long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("only positive values are kept, was " + value);
    }
    if ((size + 1) * 2 > slots.length) {
      grow();
    }
    return insert(slots, value);
  }

  int size() {
    return size;
  }

  private boolean insert(long[] table, long value) {
    int mask = table.length - 1;
    for (int i = mix(value) & mask; ; i = (i + 1) & mask) {
      if (table[i] == value) {
        return false;
      }
      if (table[i] == 0) {
        table[i] = value;
        size++;
        return true;
      }
    }
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    size = 0;
    for (long value : old) {
      if (value != 0) {
        insert(slots, value);
      }
    }
  }

  private static int mix(long value) {
    long h = value * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
