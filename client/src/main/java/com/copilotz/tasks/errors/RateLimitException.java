package com.copilotz.tasks.errors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server, or a proxy in front of it, answered 429 Too Many Requests. {@link #retryAfter()} says
 * how long it asked the client to wait, when it said so.
 */
public class RateLimitException extends CopilotzApiException {
  private static final long serialVersionUID = 1L;

  /** The wait the server asked for, or null. */
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message the exception message, naming the method and path of the call
   * @param statusCode the HTTP status of the answer, 429
   * @param errorMessage the server's own message
   * @param body the body of the answer as text, capped in length
   * @param headers the headers of the answer, names in lower case
   * @param retryAfter the wait the {@code Retry-After} header asked for, or null when it was absent
   *     or unreadable
   */
  public RateLimitException(
      String message,
      int statusCode,
      @Nullable String errorMessage,
      @Nullable String body,
      @Nullable Map<String, List<String>> headers,
      @Nullable Duration retryAfter) {
    super(message, statusCode, errorMessage, body, headers);
    this.retryAfter = retryAfter;
  }

  /**
   * Returns the wait the server asked for in its {@code Retry-After} header, given there as seconds
   * or as an HTTP date (then measured from when the answer was read, and never negative).
   *
   * @return the wait, or empty when the header was absent or unreadable
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
