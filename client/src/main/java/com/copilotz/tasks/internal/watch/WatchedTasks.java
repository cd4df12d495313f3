package com.copilotz.tasks.internal.watch;

import com.copilotz.tasks.TaskEvent;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What a watch remembers of the tasks it watches, and the events that tell one listing from the
 * last: per task only its id, step, status, {@code updatedAt} and, per top-level context key, a key
 * number and a 32-bit hash of the value, in a few arrays (about 50 bytes a task and 9 per context
 * key, with the arrays' spare room), never the {@code Task} objects. The tasks of a listing are
 * compared one at a time as they are read, in place: a listing that fails half way keeps what it
 * compared, so nothing is reported twice, and reports no task gone.
 *
 * <p>A task whose {@code updatedAt}, step and status are those remembered is unchanged: the server
 * sets {@code updatedAt} on every write, so its context is not compared then. A change to a value
 * whose hash is the old value's (one in four billion) goes unreported. Not thread-safe: one watch
 * thread uses it.
 */
public final class WatchedTasks {
  private static final long NO_STEP = 0;
  private static final long NO_TIME = Long.MIN_VALUE;
  private static final int NO_CONTEXT = -1;

  /** A status code for "none", and the codes given to the statuses met, in order. */
  private static final int NO_STATUS = 0;

  private static final int MAX_STATUS_CODE = 255;

  private long[] ids = new long[16];
  private long[] steps = new long[16];
  private long[] updatedAt = new long[16];
  private byte[] statuses = new byte[16];
  private int[] contextAt = new int[16];
  private long[] seen = new long[1];
  private int size;

  /** Open addressing by id, linear probing: each entry is a slot plus one, 0 when empty. */
  private int[] table = new int[32];

  /** Per task with a context: its key count, then a (key number, value hash) pair per key. */
  private int[] pool = new int[64];

  private int poolSize;
  private int poolGarbage;

  private final Map<String, Integer> keyNumbers = new HashMap<>();
  private final List<String> keyNames = new ArrayList<>();
  private final Map<TaskStatus, Integer> statusCodes = new HashMap<>();
  private final List<TaskStatus> statusValues = new ArrayList<>(Arrays.asList((TaskStatus) null));

  /** Scratch space for the pairs of the context being compared. */
  private int[] scratch = new int[16];

  /**
   * Returns how many tasks are remembered.
   *
   * @return the number of tasks
   */
  public int size() {
    return size;
  }

  /**
   * Returns the heap this holds, by its arrays' sizes and the key names it keeps.
   *
   * @return the bytes held
   */
  public long retainedBytes() {
    long bytes =
        arrayBytes(ids.length, 8)
            + arrayBytes(steps.length, 8)
            + arrayBytes(updatedAt.length, 8)
            + arrayBytes(statuses.length, 1)
            + arrayBytes(contextAt.length, 4)
            + arrayBytes(seen.length, 8)
            + arrayBytes(table.length, 4)
            + arrayBytes(pool.length, 4)
            + arrayBytes(scratch.length, 4);
    for (String name : keyNames) {
      bytes += 64 + 2L * name.length();
    }
    return bytes;
  }

  private static long arrayBytes(int length, int each) {
    return 16 + (long) length * each;
  }

  /** Starts a listing: no task has been seen in it yet. */
  public void beginListing() {
    Arrays.fill(seen, 0);
  }

  /**
   * Compares one task of the listing with what is remembered of it, reports what changed, and
   * remembers it as it is now.
   *
   * @param task the task as listed
   * @param reportNew whether a task not remembered is reported as {@link TaskEvent.Appeared}
   * @param events told of each change
   */
  public void take(Task task, boolean reportNew, Consumer<TaskEvent> events) {
    Long boxedId = task.getId();
    if (boxedId == null) {
      return;
    }
    long id = boxedId;
    long step = task.getCurrentStep() == null ? NO_STEP : task.getCurrentStep();
    int status = statusCode(task.getStatus());
    long updated = micros(task.getUpdatedAt());
    int slot = slotOf(id);
    if (slot < 0) {
      slot = add(id, step, status, updated);
      storeContext(slot, task.getContext());
      markSeen(slot);
      if (reportNew) {
        events.accept(new TaskEvent.Appeared(task));
      }
      return;
    }
    markSeen(slot);
    boolean sameTime = updated != NO_TIME && updated == updatedAt[slot];
    if (sameTime && step == steps[slot] && status == (statuses[slot] & 0xff)) {
      return;
    }
    if (step != steps[slot]) {
      events.accept(
          new TaskEvent.Moved(task, steps[slot] == NO_STEP ? null : steps[slot], boxed(step)));
      steps[slot] = step;
    }
    int before = statuses[slot] & 0xff;
    if (status != before) {
      events.accept(new TaskEvent.StatusChanged(task, statusOf(before), task.getStatus()));
      statuses[slot] = (byte) status;
    }
    if (!sameTime) {
      Set<String> keys = changedKeys(slot, task.getContext());
      if (!keys.isEmpty()) {
        events.accept(new TaskEvent.ContextChanged(task, keys));
      }
      updatedAt[slot] = updated;
    }
  }

  /**
   * Ends a listing that read every task: the tasks remembered but not seen in it are reported
   * {@link TaskEvent.Gone} and forgotten, and the arrays are trimmed.
   *
   * @param events told of each task gone
   */
  public void endListing(Consumer<TaskEvent> events) {
    int live = 0;
    for (int slot = 0; slot < size; slot++) {
      if (isSeen(slot)) {
        live++;
      }
    }
    if (live < size) {
      long[] goneIds = new long[size - live];
      int gone = 0;
      for (int slot = 0; slot < size; slot++) {
        if (!isSeen(slot)) {
          goneIds[gone++] = ids[slot];
        }
      }
      compact(live);
      for (long id : goneIds) {
        events.accept(new TaskEvent.Gone(id));
      }
    } else if (poolGarbage > poolSize / 2) {
      compact(live);
    }
    trim();
  }

  // ----- the context: a number per key name, a hash per value

  private void storeContext(int slot, Map<String, Object> context) {
    if (context == null) {
      contextAt[slot] = NO_CONTEXT;
      return;
    }
    int count = pairs(context);
    contextAt[slot] = appendPairs(count);
  }

  /** Writes the pairs of {@code context} to the scratch space; returns how many. */
  private int pairs(Map<String, Object> context) {
    int count = context.size();
    if (scratch.length < 2 * count) {
      scratch = new int[Math.max(2 * count, 2 * scratch.length)];
    }
    int i = 0;
    for (Map.Entry<String, Object> entry : context.entrySet()) {
      scratch[i++] = keyNumber(entry.getKey());
      scratch[i++] = ValueHash.of(entry.getValue());
    }
    return count;
  }

  private int appendPairs(int count) {
    int need = 1 + 2 * count;
    if (poolSize + need > pool.length) {
      pool = Arrays.copyOf(pool, Math.max(poolSize + need, pool.length + (pool.length >> 1)));
    }
    int at = poolSize;
    pool[at] = count;
    System.arraycopy(scratch, 0, pool, at + 1, 2 * count);
    poolSize += need;
    return at;
  }

  /** The keys whose values differ between what is remembered and {@code context}; remembers it. */
  private Set<String> changedKeys(int slot, Map<String, Object> context) {
    int at = contextAt[slot];
    int oldCount = at == NO_CONTEXT ? 0 : pool[at];
    int newCount = context == null ? 0 : pairs(context);
    Set<String> changed = null;
    for (int i = 0; i < newCount; i++) {
      int key = scratch[2 * i];
      int hash = scratch[2 * i + 1];
      int j = indexOfKey(at, oldCount, key);
      if (j < 0 || pool[at + 2 + 2 * j] != hash) {
        changed = add(changed, keyNames.get(key));
      }
    }
    for (int j = 0; j < oldCount; j++) {
      int key = pool[at + 1 + 2 * j];
      if (indexOfScratch(newCount, key) < 0) {
        changed = add(changed, keyNames.get(key));
      }
    }
    boolean wasNull = at == NO_CONTEXT;
    boolean isNull = context == null;
    if (changed == null && wasNull == isNull) {
      return Set.of();
    }
    if (isNull) {
      poolGarbage += wasNull ? 0 : 1 + 2 * oldCount;
      contextAt[slot] = NO_CONTEXT;
    } else if (!wasNull && newCount <= oldCount) {
      pool[at] = newCount;
      System.arraycopy(scratch, 0, pool, at + 1, 2 * newCount);
      poolGarbage += 2 * (oldCount - newCount);
    } else {
      poolGarbage += wasNull ? 0 : 1 + 2 * oldCount;
      contextAt[slot] = appendPairs(newCount);
    }
    return changed == null ? Set.of() : changed;
  }

  private int indexOfKey(int at, int count, int key) {
    for (int j = 0; j < count; j++) {
      if (pool[at + 1 + 2 * j] == key) {
        return j;
      }
    }
    return -1;
  }

  private int indexOfScratch(int count, int key) {
    for (int i = 0; i < count; i++) {
      if (scratch[2 * i] == key) {
        return i;
      }
    }
    return -1;
  }

  private static Set<String> add(Set<String> set, String key) {
    Set<String> keys = set == null ? new TreeSet<>() : set;
    keys.add(key);
    return keys;
  }

  private int keyNumber(String key) {
    Integer known = keyNumbers.get(key);
    if (known != null) {
      return known;
    }
    int number = keyNames.size();
    keyNames.add(key);
    keyNumbers.put(key, number);
    return number;
  }

  // ----- statuses, steps and times as numbers

  private int statusCode(TaskStatus status) {
    if (status == null) {
      return NO_STATUS;
    }
    Integer code = statusCodes.get(status);
    if (code != null) {
      return code;
    }
    if (statusValues.size() > MAX_STATUS_CODE) {
      // More distinct statuses than a byte holds: the rest share the last code.
      return MAX_STATUS_CODE;
    }
    int next = statusValues.size();
    statusValues.add(status);
    statusCodes.put(status, next);
    return next;
  }

  private TaskStatus statusOf(int code) {
    return code == NO_STATUS ? null : statusValues.get(code);
  }

  private static Long boxed(long step) {
    return step == NO_STEP ? null : step;
  }

  private static long micros(OffsetDateTime time) {
    if (time == null) {
      return NO_TIME;
    }
    return time.toEpochSecond() * 1_000_000L + time.getNano() / 1_000;
  }

  // ----- slots and the table of ids

  private static int mix(long id) {
    long h = id * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private int slotOf(long id) {
    int mask = table.length - 1;
    for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
      int entry = table[i];
      if (entry == 0) {
        return -1;
      }
      if (ids[entry - 1] == id) {
        return entry - 1;
      }
    }
  }

  private int add(long id, long step, int status, long updated) {
    if (size == ids.length) {
      grow(ids.length + (ids.length >> 1) + 1);
    }
    int slot = size++;
    ids[slot] = id;
    steps[slot] = step;
    statuses[slot] = (byte) status;
    updatedAt[slot] = updated;
    contextAt[slot] = NO_CONTEXT;
    if (2 * size > table.length) {
      rehash(table.length * 2);
    } else {
      insert(slot);
    }
    return slot;
  }

  private void insert(int slot) {
    int mask = table.length - 1;
    int i = mix(ids[slot]) & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = slot + 1;
  }

  private void rehash(int capacity) {
    table = new int[capacity];
    for (int slot = 0; slot < size; slot++) {
      insert(slot);
    }
  }

  private void grow(int capacity) {
    ids = Arrays.copyOf(ids, capacity);
    steps = Arrays.copyOf(steps, capacity);
    updatedAt = Arrays.copyOf(updatedAt, capacity);
    statuses = Arrays.copyOf(statuses, capacity);
    contextAt = Arrays.copyOf(contextAt, capacity);
    if (seen.length * 64 < capacity) {
      seen = Arrays.copyOf(seen, (capacity + 63) / 64);
    }
  }

  private void markSeen(int slot) {
    seen[slot >>> 6] |= 1L << slot;
  }

  private boolean isSeen(int slot) {
    return (seen[slot >>> 6] & (1L << slot)) != 0;
  }

  /** Keeps the seen tasks only, in order, with their contexts packed; rebuilds the table. */
  private void compact(int live) {
    int[] newPool = new int[Math.max(64, poolSize - poolGarbage)];
    int newPoolSize = 0;
    int to = 0;
    for (int from = 0; from < size; from++) {
      if (!isSeen(from)) {
        continue;
      }
      ids[to] = ids[from];
      steps[to] = steps[from];
      statuses[to] = statuses[from];
      updatedAt[to] = updatedAt[from];
      int at = contextAt[from];
      if (at == NO_CONTEXT) {
        contextAt[to] = NO_CONTEXT;
      } else {
        int length = 1 + 2 * pool[at];
        if (newPoolSize + length > newPool.length) {
          newPool = Arrays.copyOf(newPool, Math.max(newPoolSize + length, newPool.length * 2));
        }
        System.arraycopy(pool, at, newPool, newPoolSize, length);
        contextAt[to] = newPoolSize;
        newPoolSize += length;
      }
      to++;
    }
    size = live;
    pool = newPool;
    poolSize = newPoolSize;
    poolGarbage = 0;
    rehash(tableCapacity(size));
  }

  private static int tableCapacity(int size) {
    int capacity = 32;
    while (capacity < 2 * size) {
      capacity <<= 1;
    }
    return capacity;
  }

  /** Gives back what the arrays hold beyond an eighth more than the tasks need. */
  private void trim() {
    int wanted = size + (size >> 3) + 16;
    if (ids.length > wanted + (wanted >> 2)) {
      ids = Arrays.copyOf(ids, wanted);
      steps = Arrays.copyOf(steps, wanted);
      updatedAt = Arrays.copyOf(updatedAt, wanted);
      statuses = Arrays.copyOf(statuses, wanted);
      contextAt = Arrays.copyOf(contextAt, wanted);
      seen = Arrays.copyOf(seen, (wanted + 63) / 64);
    }
    int poolWanted = poolSize + (poolSize >> 3) + 64;
    if (pool.length > poolWanted + (poolWanted >> 2)) {
      pool = Arrays.copyOf(pool, poolWanted);
    }
    if (table.length > tableCapacity(size)) {
      rehash(tableCapacity(size));
    }
  }
}
