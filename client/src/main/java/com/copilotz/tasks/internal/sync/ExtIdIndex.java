package com.copilotz.tasks.internal.sync;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A compact index of extIds: each extId gets the next entry number, and is kept as UTF-8 bytes in
 * one array, with an open-addressing table of entry numbers, about 20 bytes an extId where a {@code
 * HashSet<String>} costs some 100. Lookups compare the bytes, not a hash. Not thread-safe.
 */
public final class ExtIdIndex {
  private byte[] keyBytes = new byte[1 << 12];
  private int keyBytesUsed;
  private int[] keyStarts = new int[64];
  private int[] table = new int[128];
  private int size;

  /** The entry of {@code extId}, or -1 when it was never added. */
  int find(String extId) {
    return find(extId.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds {@code extId}: returns its new entry, or {@code -1 - entry} when it was added before. */
  int add(String extId) {
    byte[] key = extId.getBytes(StandardCharsets.UTF_8);
    int found = find(key);
    if (found >= 0) {
      return -1 - found;
    }
    if (size == keyStarts.length) {
      keyStarts = Arrays.copyOf(keyStarts, size * 2);
    }
    int entry = size++;
    keyStarts[entry] = keyBytesUsed;
    if (keyBytesUsed + key.length > keyBytes.length) {
      keyBytes = Arrays.copyOf(keyBytes, Math.max(keyBytes.length * 2, keyBytesUsed + key.length));
    }
    System.arraycopy(key, 0, keyBytes, keyBytesUsed, key.length);
    keyBytesUsed += key.length;
    if (size * 2 > table.length) {
      rehash(table.length * 2);
    } else {
      place(entry, hash(key, 0, key.length));
    }
    return entry;
  }

  int size() {
    return size;
  }

  private int find(byte[] key) {
    int mask = table.length - 1;
    for (int slot = hash(key, 0, key.length) & mask; ; slot = (slot + 1) & mask) {
      int entry = table[slot] - 1;
      if (entry < 0) {
        return -1;
      }
      if (Arrays.equals(keyBytes, keyStarts[entry], end(entry), key, 0, key.length)) {
        return entry;
      }
    }
  }

  private int end(int entry) {
    return entry + 1 < size ? keyStarts[entry + 1] : keyBytesUsed;
  }

  private void place(int entry, int hash) {
    int mask = table.length - 1;
    int slot = hash & mask;
    while (table[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table[slot] = entry + 1;
  }

  private void rehash(int capacity) {
    table = new int[capacity];
    for (int entry = 0; entry < size; entry++) {
      place(entry, hash(keyBytes, keyStarts[entry], end(entry)));
    }
  }

  private static int hash(byte[] bytes, int from, int to) {
    int h = 0x811C9DC5;
    for (int i = from; i < to; i++) {
      h = (h ^ bytes[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
