package com.copilotz.tasks;

import com.copilotz.tasks.internal.http.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The tests' one virtual time: a clock that moves only with the waits of the code under test (or by
 * the test's hand), and the sleeper that moves it. Each wait is recorded and moves the clock at
 * once, so a test never sleeps and a busy machine sees the same times as an idle one; a scheduled
 * wait then runs its task on another thread, as the real sleeper's timer does.
 */
final class VirtualTime implements Sleeper {
  /** The clock; the client under test keeps time by it. */
  final MutableClock clock;

  /** Every wait, in the order they began. */
  final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

  VirtualTime(Instant start) {
    this.clock = new MutableClock(start);
  }

  @Override
  public void sleep(Duration wait) {
    waits.add(wait);
    clock.advance(wait);
  }

  @Override
  public void schedule(Duration wait, Runnable then) {
    sleep(wait);
    CompletableFuture.runAsync(then);
  }
}
