package com.copilotz.tasks.internal.http;

import java.time.Duration;

/**
 * The wait between two reads of something that may change (a task a wait waits for, a step a worker
 * lists): the first interval, growing by {@code growth} at each read that finds nothing new, up to
 * a cap, and back to the first when something changes; each wait less up to a fifth at random, so
 * that many clients do not read in step. Not thread-safe: one per loop.
 */
public final class PollInterval {
  /** The largest share of a wait taken off at random. */
  public static final double JITTER = 0.2;

  private final Duration initial;
  private final Duration max;
  private final double growth;
  private Duration current;
  private boolean started;

  /**
   * An interval from {@code initial}, growing by {@code growth} up to {@code max}.
   *
   * @param initial the first interval, and the one after a change
   * @param max the cap
   * @param growth how much it grows at each read that finds nothing new, at least 1
   */
  public PollInterval(Duration initial, Duration max, double growth) {
    this.initial = initial;
    this.max = max.compareTo(initial) < 0 ? initial : max;
    this.growth = growth;
    this.current = initial;
  }

  /**
   * The wait before the next read: the first interval after a change (or the first read), else the
   * last one grown; jittered.
   *
   * @param changed whether the read found something new
   * @return the wait
   */
  public Duration next(boolean changed) {
    if (changed || !started) {
      current = initial;
    } else {
      long grown = (long) (current.toNanos() * growth);
      current = grown >= max.toNanos() ? max : Duration.ofNanos(grown);
    }
    started = true;
    return RetryPolicy.jittered(current, JITTER);
  }

  /**
   * The wait drawn again from the interval the last wait was drawn from (the first before any),
   * neither grown nor reset: after a read that failed.
   *
   * @return the wait
   */
  public Duration again() {
    return RetryPolicy.jittered(current, JITTER);
  }

  /** Starts again from the first interval: the next {@link #next(boolean)} returns it. */
  public void reset() {
    started = false;
  }

  /**
   * The interval the last wait was drawn from, before its jitter.
   *
   * @return the interval
   */
  public Duration current() {
    return current;
  }
}
