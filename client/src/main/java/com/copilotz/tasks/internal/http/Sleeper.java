package com.copilotz.tasks.internal.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Waits between attempts; tests replace it to record the waits instead of waiting. */
public interface Sleeper {
  /**
   * The one that waits for real: sleeps the calling thread, schedules on the JDK's delayed
   * executor.
   */
  Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

  /**
   * Blocks the calling thread for {@code duration}.
   *
   * @param duration how long
   * @throws InterruptedException if the thread is interrupted meanwhile
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Runs {@code task} after {@code duration} without blocking a thread meanwhile.
   *
   * @param duration how long to wait
   * @param task what to run then
   */
  default void schedule(Duration duration, Runnable task) {
    CompletableFuture.delayedExecutor(duration.toMillis(), TimeUnit.MILLISECONDS).execute(task);
  }
}
