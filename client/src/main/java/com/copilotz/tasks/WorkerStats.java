package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link StepWorker} has done since it started, and how it fares: its listings, said as a
 * watch's are ({@link ListingHealth}), and the tasks it handled.
 *
 * @param listing how its listings fare; {@code lastFailure} is also what stopped the worker
 * @param handled how many tasks ended with each result
 * @param handlerExceptions how many times the handler threw
 * @param writeRetries how many writes were not confirmed and were decided again, after a read
 * @param inFlight how many tasks are being handled now
 * @param waiting how many listed tasks wait for a slot
 */
public record WorkerStats(
    ListingHealth listing,
    Map<StepResult, Long> handled,
    long handlerExceptions,
    long writeRetries,
    int inFlight,
    int waiting) {
  /**
   * Describes what a worker did.
   *
   * @param listing how its listings fare
   * @param handled how many tasks ended with each result; a result it lacks counts 0
   * @param handlerExceptions how many times the handler threw
   * @param writeRetries how many writes were decided again
   * @param inFlight how many tasks are being handled now
   * @param waiting how many listed tasks wait for a slot
   * @throws NullPointerException if {@code listing} or {@code handled} is null
   */
  public WorkerStats {
    Objects.requireNonNull(listing, "listing");
    EnumMap<StepResult, Long> all = new EnumMap<>(StepResult.class);
    for (StepResult result : StepResult.values()) {
      all.put(result, Objects.requireNonNull(handled, "handled").getOrDefault(result, 0L));
    }
    handled = Collections.unmodifiableMap(all);
  }

  /**
   * How many tasks ended with {@code result}.
   *
   * @param result a result
   * @return the count
   * @throws NullPointerException if {@code result} is null
   */
  public long handled(StepResult result) {
    return handled.get(Objects.requireNonNull(result, "result"));
  }

  /**
   * Whether the worker still works: false before it starts, once closed or stopped.
   *
   * @return {@code listing().running()}
   */
  public boolean running() {
    return listing.running();
  }

  /**
   * How many listings it made (failed ones too).
   *
   * @return {@code listing().listings()}
   */
  public long listings() {
    return listing.listings();
  }

  /**
   * How many listings failed in a row since the last that did not.
   *
   * @return {@code listing().consecutiveFailures()}
   */
  public int consecutiveFailures() {
    return listing.consecutiveFailures();
  }

  /**
   * When its last successful listing ended.
   *
   * @return {@code listing().lastListing()}
   */
  public Optional<Instant> lastListing() {
    return listing.lastListing();
  }

  /**
   * The failure of the last listing when it failed, or what stopped the worker.
   *
   * @return {@code listing().lastFailure()}
   */
  public Optional<CopilotzException> lastFailure() {
    return listing.lastFailure();
  }
}
