package com.copilotz.tasks.internal.http;

import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.InvalidInputException;
import com.copilotz.tasks.errors.InvalidResponseException;
import com.copilotz.tasks.internal.errors.ErrorMapper;
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
 *   <li>a GET or a DELETE is sent again after any failure that may pass: no answer, a timeout, 408,
 *       429, 500, 502, 503 and 504, but for the server's deterministic validation failures (the
 *       500s that {@code ErrorMapper.isInvalidInput} recognises), which fail the same way every
 *       time. Reading twice, or deleting twice, changes nothing;
 *   <li>a write (a PUT, a POST) is sent again outright only when the server cannot have acted on
 *       it: no connection was made, or the answer was 429. When it may have reached the server (no
 *       answer after it was written, a timeout, 408, 502, 503, 504, and for a PUT a 500 that is no
 *       validation failure), its outcome is <em>unknown</em>: it is settled first, by reading what
 *       it would have written (the task for a PUT, the tasks with its extId for a POST), and sent
 *       again only when that read shows it was not applied and may be (see {@code
 *       internal.ops.Settling}). A write that cannot be settled is never sent again. A 500 from
 *       this server answering a POST is a validation failure: never retried.
 * </ul>
 *
 * A timeout is a timeout whichever of OkHttp's fired (the attempt's call timeout or a read
 * timeout), so a slow server gets the same number of attempts every time; only a cancellation by
 * the caller ends a call at once. The wait is the server's {@code Retry-After} when it sent one
 * (capped), else an exponential backoff from {@value #INITIAL_BACKOFF_MILLIS} ms, doubling up to
 * {@value #MAX_BACKOFF_MILLIS} ms, less up to a quarter at random so that many clients do not retry
 * in step. It decides; the {@link CallExecutor} acts.
 */
public final class RetryPolicy {
  /** The first backoff, in milliseconds. */
  public static final long INITIAL_BACKOFF_MILLIS = 500;

  /** The longest backoff, in milliseconds. */
  public static final long MAX_BACKOFF_MILLIS = 8_000;

  /** The longest wait a {@code Retry-After} may impose when no other cap is set. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private static final Set<Integer> RETRIED_STATUSES = Set.of(408, 429, 500, 502, 503, 504);
  private static final Set<Integer> UNKNOWN_POST_STATUSES = Set.of(408, 502, 503, 504);
  private static final Set<Integer> UNKNOWN_PUT_STATUSES = Set.of(408, 500, 502, 503, 504);

  /** The methods sent again freely: doing them twice changes nothing. */
  private static final Set<String> REPEATABLE_METHODS = Set.of("GET", "DELETE");

  /**
   * What follows a failed attempt: no retry, a retry after {@link #wait}, or, for a write whose
   * outcome is unknown, a settling read after {@link #wait} and then maybe a retry.
   */
  public static final class Decision {
    /** The attempt's failure is the call's: nothing is sent again. */
    public static final Decision NO_RETRY = new Decision(null, false);

    final Duration wait;
    final boolean settleFirst;

    private Decision(Duration wait, boolean settleFirst) {
      this.wait = wait;
      this.settleFirst = settleFirst;
    }

    static Decision retry(Duration wait) {
      return new Decision(wait, false);
    }

    static Decision settleThenRetry(Duration wait) {
      return new Decision(wait, true);
    }

    /**
     * Whether something follows: a retry, or a settling read.
     *
     * @return false for {@link #NO_RETRY}
     */
    public boolean retries() {
      return this != NO_RETRY;
    }

    /**
     * How long to wait before the call is sent again, or its outcome read.
     *
     * @return the wait, or null for {@link #NO_RETRY}
     */
    public Duration waitBefore() {
      return wait;
    }

    /**
     * Whether the write's outcome is unknown: it is settled by a read before it may be sent again.
     *
     * @return true to read first
     */
    public boolean settlesFirst() {
      return settleFirst;
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
   * The clock this policy reads time by (a test's virtual clock in tests): the one a call's total
   * timeout is measured with.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
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
    String method = request.method();
    if (REPEATABLE_METHODS.contains(method) || status == 429) {
      return RETRIED_STATUSES.contains(status)
          ? Decision.retry(waitBefore(retryAfterHeader, retry))
          : Decision.NO_RETRY;
    }
    boolean unknown =
        "PUT".equals(method)
            ? UNKNOWN_PUT_STATUSES.contains(status)
            : UNKNOWN_POST_STATUSES.contains(status);
    return unknown
        ? Decision.settleThenRetry(waitBefore(retryAfterHeader, retry))
        : Decision.NO_RETRY;
  }

  /**
   * After an attempt that got no answer, before retry number {@code retry} (from 1). A timeout,
   * whichever of OkHttp's fired, is a failure like any other; only a cancellation ends the call.
   *
   * @param request the request sent
   * @param failure how it failed
   * @param retry the number of the retry that would follow
   * @param cancelled whether the caller cancelled the call (a timeout is no cancellation)
   * @return what follows
   */
  public Decision afterFailure(Request request, IOException failure, int retry, boolean cancelled) {
    if ((cancelled || "Canceled".equals(failure.getMessage())) && !ErrorMapper.timedOut(failure)) {
      return Decision.NO_RETRY;
    }
    if (REPEATABLE_METHODS.contains(request.method()) || neverReachedTheServer(failure)) {
      return Decision.retry(backoff(retry));
    }
    return Decision.settleThenRetry(backoff(retry));
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
