package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.InvalidInputException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Request;

/**
 * Decides what follows a failed attempt. The one place that knows what is safe to send again:
 *
 * <ul>
 *   <li>GET, PUT and DELETE are idempotent on this API: retried after any I/O failure and after 408, 429,
 *       500, 502, 503 and 504, but for the server's deterministic validation failures (500s that
 *       {@link ErrorMapper#isInvalidInput} recognises), which fail the same way every time;
 *   <li>a POST is retried outright only when the server cannot have acted on it: no connection was made, or
 *       the answer was 429. When it may have reached the server (a timeout, a connection dropped after the
 *       request was written, 408, 502, 503, 504), it is <em>ambiguous</em>: the caller looks for what it
 *       would have created before sending it again, or gives up when it cannot look. A 500 from this server
 *       is a validation failure and is never retried for a POST.
 * </ul>
 *
 * The wait is the server's {@code Retry-After} when it sent one (capped), else an exponential backoff from
 * {@value #INITIAL_BACKOFF_MILLIS} ms, doubling up to {@value #MAX_BACKOFF_MILLIS} ms, less up to a quarter at
 * random so that many clients do not retry in step.
 */
final class RetryPolicy {
  static final long INITIAL_BACKOFF_MILLIS = 500;
  static final long MAX_BACKOFF_MILLIS = 8_000;
  static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private static final Set<Integer> RETRIED_STATUSES = Set.of(408, 429, 500, 502, 503, 504);
  private static final Set<Integer> AMBIGUOUS_POST_STATUSES = Set.of(408, 502, 503, 504);
  private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "PUT", "DELETE");

  /** What follows an attempt: give up, retry after {@link #wait}, or look first and then retry. */
  static final class Decision {
    static final Decision GIVE_UP = new Decision(null, false);

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
  }

  private final ErrorMapper errors;
  private final Duration maxRetryAfter;

  RetryPolicy(ErrorMapper errors, Duration maxRetryAfter) {
    this.errors = errors;
    this.maxRetryAfter = maxRetryAfter;
  }

  /**
   * After an error answer, mapped to {@code error}, before retry number {@code retry} (from 1). The server's
   * deterministic validation failures ({@link InvalidInputException}) are never retried.
   */
  Decision afterStatus(Request request, CopilotzApiException error, String retryAfterHeader, int retry) {
    if (error instanceof InvalidInputException) {
      return Decision.GIVE_UP;
    }
    int status = error.statusCode();
    boolean idempotent = IDEMPOTENT_METHODS.contains(request.method());
    if (idempotent ? !RETRIED_STATUSES.contains(status) : status != 429 && !AMBIGUOUS_POST_STATUSES.contains(status)) {
      return Decision.GIVE_UP;
    }
    Duration asked = errors.retryAfter(retryAfterHeader);
    Duration wait = asked == null ? backoff(retry) : asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
    return idempotent || status == 429 ? Decision.retry(wait) : Decision.lookThenRetry(wait);
  }

  /** After an attempt that got no answer, before retry number {@code retry} (from 1). */
  Decision afterFailure(Request request, IOException failure, int retry) {
    if ("Canceled".equals(failure.getMessage())) {
      return Decision.GIVE_UP;
    }
    if (IDEMPOTENT_METHODS.contains(request.method()) || neverReachedTheServer(failure)) {
      return Decision.retry(backoff(retry));
    }
    return Decision.lookThenRetry(backoff(retry));
  }

  /** True when the request cannot have reached the server: no connection was ever made. */
  static boolean neverReachedTheServer(IOException failure) {
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

  static Duration backoff(int retry) {
    long base = Math.min(MAX_BACKOFF_MILLIS, INITIAL_BACKOFF_MILLIS << Math.min(retry - 1, 20));
    double jitter = 1 - 0.25 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (base * jitter));
  }
}
