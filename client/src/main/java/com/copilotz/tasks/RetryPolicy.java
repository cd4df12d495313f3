package com.copilotz.tasks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Request;

/**
 * Decides whether a failed attempt is retried, and after how long. The one place that knows what is safe to
 * send again:
 *
 * <ul>
 *   <li>GET, PUT and DELETE are idempotent on this API: retried after any I/O failure and after 408, 429,
 *       500, 502, 503 and 504;
 *   <li>POST is retried only when the server cannot have acted on it: the connection was never made, or the
 *       answer was 429.
 * </ul>
 *
 * The wait is the server's {@code Retry-After} when it sent one (capped at {@link #maxRetryAfter}), else an
 * exponential backoff from {@value #INITIAL_BACKOFF_MILLIS} ms, doubling up to {@value #MAX_BACKOFF_MILLIS} ms,
 * less up to a quarter at random so that many clients do not retry in step.
 */
final class RetryPolicy {
  static final long INITIAL_BACKOFF_MILLIS = 500;
  static final long MAX_BACKOFF_MILLIS = 8_000;
  static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private static final Set<Integer> RETRIED_STATUSES = Set.of(408, 429, 500, 502, 503, 504);
  private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "PUT", "DELETE");

  private final ErrorMapper errors;
  private final Duration maxRetryAfter;

  RetryPolicy(ErrorMapper errors, Duration maxRetryAfter) {
    this.errors = errors;
    this.maxRetryAfter = maxRetryAfter;
  }

  /** The wait before retry number {@code retry} (from 1) after an error answer, or null to give up. */
  Duration afterStatus(Request request, int status, String retryAfterHeader, int retry) {
    boolean retried =
        IDEMPOTENT_METHODS.contains(request.method()) ? RETRIED_STATUSES.contains(status) : status == 429;
    if (!retried) {
      return null;
    }
    Duration asked = errors.retryAfter(retryAfterHeader);
    if (asked != null) {
      return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
    }
    return backoff(retry);
  }

  /** The wait before retry number {@code retry} (from 1) after an attempt that got no answer, or null. */
  Duration afterFailure(Request request, IOException failure, int retry) {
    if (isCancellation(failure)) {
      return null;
    }
    if (IDEMPOTENT_METHODS.contains(request.method()) || neverReachedTheServer(failure)) {
      return backoff(retry);
    }
    return null;
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
        && message.toLowerCase(java.util.Locale.ROOT).startsWith("connect");
  }

  /** OkHttp reports a cancelled call as an IOException with this message; it is never retried. */
  private static boolean isCancellation(IOException failure) {
    return "Canceled".equals(failure.getMessage());
  }

  static Duration backoff(int retry) {
    long base = Math.min(MAX_BACKOFF_MILLIS, INITIAL_BACKOFF_MILLIS << Math.min(retry - 1, 20));
    double jitter = 1 - 0.25 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (base * jitter));
  }
}
