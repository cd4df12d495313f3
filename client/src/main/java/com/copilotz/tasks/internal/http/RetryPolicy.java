package com.copilotz.tasks.internal.http;

import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.InvalidInputException;
import com.copilotz.tasks.errors.InvalidResponseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Request;

/**
 * Decides what follows a failed attempt. The one place that knows what is safe to send again:
 *
 * <ul>
 *   <li>GET, PUT and DELETE are idempotent on this API: retried after any I/O failure and after
 *       408, 429, 500, 502, 503 and 504, but for the server's deterministic validation failures
 *       (the 500s that {@code ErrorMapper.isInvalidInput} recognises), which fail the same way
 *       every time;
 *   <li>a POST is retried outright only when the server cannot have acted on it: no connection was
 *       made, or the answer was 429. When it may have reached the server (a timeout, a connection
 *       dropped after the request was written, 408, 502, 503, 504), it is <em>ambiguous</em>: the
 *       caller looks for what it would have created before sending it again, or gives up when it
 *       cannot look. A 500 from this server is a validation failure and is never retried for a
 *       POST.
 * </ul>
 *
 * The wait is the server's {@code Retry-After} when it sent one (capped), else an exponential
 * backoff from {@value #INITIAL_BACKOFF_MILLIS} ms, doubling up to {@value #MAX_BACKOFF_MILLIS} ms,
 * less up to a quarter at random so that many clients do not retry in step. It decides; the {@link
 * CallExecutor} acts.
 */
public final class RetryPolicy {
  /** The first backoff, in milliseconds. */
  public static final long INITIAL_BACKOFF_MILLIS = 500;

  /** The longest backoff, in milliseconds. */
  public static final long MAX_BACKOFF_MILLIS = 8_000;

  /** The longest wait a {@code Retry-After} may impose when no other cap is set. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private static final Set<Integer> RETRIED_STATUSES = Set.of(408, 429, 500, 502, 503, 504);
  private static final Set<Integer> AMBIGUOUS_POST_STATUSES = Set.of(408, 502, 503, 504);
  private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "PUT", "DELETE");

  /**
   * What follows a failed attempt: no retry, a retry after {@link #wait}, or a lookup first and
   * then a retry.
   */
  public static final class Decision {
    /** The attempt's failure is the call's: nothing is sent again. */
    public static final Decision NO_RETRY = new Decision(null, false);

    final Duration wait;
    final boolean lookFirst;

    private Decision(Duration wait, boolean lookFirst) {
      this.wait = wait;
      this.lookFirst = lookFirst;
    }

    static Decision retry(Duration wait) {
      return new Decision(wait, false);
    }

    static Decision lookThenRetry(Duration wait) {
      return new Decision(wait, true);
    }

    /**
     * Whether the call is sent again.
     *
     * @return false for {@link #NO_RETRY}
     */
    public boolean retries() {
      return this != NO_RETRY;
    }

    /**
     * How long to wait before the call is sent again.
     *
     * @return the wait, or null for {@link #NO_RETRY}
     */
    public Duration waitBefore() {
      return wait;
    }

    /**
     * Whether the call's result is looked for before it is sent again (an ambiguous create).
     *
     * @return true to look first
     */
    public boolean looksFirst() {
      return lookFirst;
    }
  }

  private final Duration maxRetryAfter;
  private final Clock clock;

  /**
   * A policy that waits at most {@code maxRetryAfter} for a {@code Retry-After}, read with {@code
   * clock}.
   *
   * @param maxRetryAfter the cap
   * @param clock the clock an HTTP-date {@code Retry-After} is read against
   */
  public RetryPolicy(Duration maxRetryAfter, Clock clock) {
    this.maxRetryAfter = maxRetryAfter;
    this.clock = clock;
  }

  /**
   * Reads {@code Retry-After} as delta-seconds or an HTTP date.
   *
   * @param value the header's value, or null
   * @param clock the clock to read a date against
   * @return the wait, or null when absent or unreadable; a date in the past gives zero
   */
  public static Duration parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    try {
      long seconds = Long.parseLong(trimmed);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /**
   * After an error answer, mapped to {@code error}, before retry number {@code retry} (from 1). The
   * server's deterministic validation failures ({@link InvalidInputException}) are never retried.
   *
   * @param request the request answered
   * @param error what the answer maps to
   * @param retryAfterHeader the answer's {@code Retry-After}, or null
   * @param retry the number of the retry that would follow
   * @return what follows
   */
  public Decision afterStatus(
      Request request, CopilotzApiException error, String retryAfterHeader, int retry) {
    if (error instanceof InvalidInputException) {
      return Decision.NO_RETRY;
    }
    int status = error.statusCode();
    boolean idempotent = IDEMPOTENT_METHODS.contains(request.method());
    if (idempotent
        ? !RETRIED_STATUSES.contains(status)
        : status != 429 && !AMBIGUOUS_POST_STATUSES.contains(status)) {
      return Decision.NO_RETRY;
    }
    Duration wait = waitBefore(retryAfterHeader, retry);
    return idempotent || status == 429 ? Decision.retry(wait) : Decision.lookThenRetry(wait);
  }

  /**
   * After an attempt that got no answer, before retry number {@code retry} (from 1).
   *
   * @param request the request sent
   * @param failure how it failed
   * @param retry the number of the retry that would follow
   * @return what follows
   */
  public Decision afterFailure(Request request, IOException failure, int retry) {
    if ("Canceled".equals(failure.getMessage())) {
      return Decision.NO_RETRY;
    }
    if (IDEMPOTENT_METHODS.contains(request.method()) || neverReachedTheServer(failure)) {
      return Decision.retry(backoff(retry));
    }
    return Decision.lookThenRetry(backoff(retry));
  }

  /**
   * After a read that an operation repeats on its own schedule (a wait for a task) failed, its own
   * retries spent, before repeat number {@code repeat} (from 1): whether the failure may pass (a
   * 408, 429 or 5xx that is not a validation failure, no answer, an answer that could not be read)
   * and, when it may, the least wait before the next read, the server's {@code Retry-After}
   * (capped) or the backoff.
   *
   * @param failure what the read threw
   * @param repeat the number of the repeat that would follow
   * @return what follows: {@link Decision#NO_RETRY} when the failure is the operation's
   */
  public Decision afterReadFailed(CopilotzException failure, int repeat) {
    if (failure instanceof CopilotzApiException) {
      CopilotzApiException error = (CopilotzApiException) failure;
      if (error instanceof InvalidInputException
          || !RETRIED_STATUSES.contains(error.statusCode())) {
        return Decision.NO_RETRY;
      }
      return Decision.retry(waitBefore(error.header("Retry-After").orElse(null), repeat));
    }
    if (failure instanceof CopilotzIOException || failure instanceof InvalidResponseException) {
      return Decision.retry(backoff(repeat));
    }
    return Decision.NO_RETRY;
  }

  /**
   * The wait before the next listing of a loop that lists on its own schedule (a watch, a step
   * worker), after {@code failures} listings failed in a row: the server's {@code Retry-After} or
   * the backoff when the failure may pass ({@link #afterReadFailed}), else the backoff; never less
   * than {@code atLeast}, the loop's own interval.
   *
   * @param failure what the last listing threw
   * @param failures how many listings failed in a row, from 1
   * @param atLeast the shortest wait
   * @return the wait
   */
  public Duration afterListingFailed(CopilotzException failure, int failures, Duration atLeast) {
    Decision decision = afterReadFailed(failure, failures);
    Duration wait = decision.retries() ? decision.waitBefore() : backoff(failures);
    return wait.compareTo(atLeast) > 0 ? wait : atLeast;
  }

  /**
   * The wait before retry number {@code retry}: the server's {@code Retry-After} (capped at the
   * longest this policy allows) when it sent one that can be read, else the backoff.
   */
  private Duration waitBefore(String retryAfterHeader, int retry) {
    Duration asked = parseRetryAfter(retryAfterHeader, clock);
    if (asked == null) {
      return backoff(retry);
    }
    return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
  }

  /**
   * True when the request cannot have reached the server: no connection was ever made.
   *
   * @param failure the attempt's failure
   * @return whether nothing was sent
   */
  public static boolean neverReachedTheServer(IOException failure) {
    if (failure instanceof ConnectException
        || failure instanceof UnknownHostException
        || failure instanceof NoRouteToHostException) {
      return true;
    }
    String message = failure.getMessage();
    return failure instanceof SocketTimeoutException
        && message != null
        && message.toLowerCase(Locale.ROOT).startsWith("connect");
  }

  /**
   * The backoff before retry number {@code retry} (from 1), with its jitter.
   *
   * @param retry the retry's number
   * @return the wait
   */
  public static Duration backoff(int retry) {
    long base = Math.min(MAX_BACKOFF_MILLIS, INITIAL_BACKOFF_MILLIS << Math.min(retry - 1, 20));
    return jittered(Duration.ofMillis(base), 0.25);
  }

  /**
   * {@code wait} less up to {@code share} of it, at random, so that many clients do not repeat in
   * step: the one jitter of the SDK's waits (retries, and the reads of a wait for a task).
   *
   * @param wait the wait
   * @param share the largest share taken off, from 0 to 1
   * @return the wait with its jitter
   */
  public static Duration jittered(Duration wait, double share) {
    double off = share * ThreadLocalRandom.current().nextDouble();
    return Duration.ofNanos((long) (wait.toNanos() * (1 - off)));
  }
}
