package com.copilotz.tasks.internal.worker;

/**
 * The ids a step worker's last listing found and has not handed out yet, oldest first, in a ring of
 * {@code long}s of a fixed capacity: the worker's memory of waiting tasks does not grow with the
 * listing beyond it, nor with the tasks handled. Thread-safe.
 */
final class TaskBacklog {
  private final long[] ids;
  private int head;
  private int size;

  /**
   * An empty backlog.
   *
   * @param capacity the most ids it holds
   */
  TaskBacklog(int capacity) {
    this.ids = new long[capacity];
  }

  /** Adds an id at the end; false when the backlog is full. */
  synchronized boolean offer(long id) {
    if (size == ids.length) {
      return false;
    }
    ids[(head + size) % ids.length] = id;
    size++;
    return true;
  }

  /** Takes the oldest id; 0 when there is none. */
  synchronized long poll() {
    if (size == 0) {
      return 0;
    }
    long id = ids[head];
    head = (head + 1) % ids.length;
    size--;
    return id;
  }

  /** How many ids wait. */
  synchronized int size() {
    return size;
  }

  /** Forgets every id. */
  synchronized void clear() {
    head = 0;
    size = 0;
  }
}
