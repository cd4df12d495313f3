package com.copilotz.tasks.testing;

import com.copilotz.tasks.testing.backend.FakeBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;

/**
 * What a {@link FakeCopilotzServer} does instead of (or before) answering a call, for testing how
 * code copes with proxies, outages and networks: an error answer, a delay, or a dropped connection.
 * Immutable.
 *
 * <pre>{@code
 * server.inject("POST", "/rest/tasks", 2, Fault.status(503).header("Retry-After", "1"));
 * server.inject("GET", "/rest/tasks/*", 1, Fault.delay(Duration.ofSeconds(5)));
 * server.inject("POST", "/rest/tasks", 1, Fault.dropConnectionAfterApplying());
 * }</pre>
 */
public final class Fault {
  enum Kind {
    STATUS,
    DELAY,
    DROP_BEFORE_APPLYING,
    DROP_AFTER_APPLYING
  }

  final Kind kind;
  final int status;
  final String body;
  final String contentType;
  final List<String[]> headers;
  final Duration delay;

  private Fault(
      Kind kind,
      int status,
      String body,
      String contentType,
      List<String[]> headers,
      Duration delay) {
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.contentType = contentType;
    this.headers = headers;
    this.delay = delay;
  }

  /**
   * Answers with {@code status} and the server's JSON error envelope, without touching any state.
   *
   * @param status an HTTP status, such as 503
   * @return the fault
   * @throws IllegalArgumentException if {@code status} is not between 100 and 599
   */
  public static Fault status(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599, was " + status);
    }
    String envelope = "{\"error\":{\"message\":\"Injected fault\",\"status\":" + status + "}}";
    return new Fault(
        Kind.STATUS, status, envelope, "application/json; charset=utf-8", List.of(), null);
  }

  /**
   * Waits {@code delay} before answering the call as usual.
   *
   * @param delay how long to wait
   * @return the fault
   * @throws NullPointerException if {@code delay} is null
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static Fault delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    return new Fault(Kind.DELAY, 0, null, null, List.of(), delay);
  }

  /**
   * Closes the connection without acting on the call: the client sees a dropped connection, and
   * nothing was written.
   *
   * @return the fault
   */
  public static Fault dropConnection() {
    return new Fault(Kind.DROP_BEFORE_APPLYING, 0, null, null, List.of(), null);
  }

  /**
   * Acts on the call (a create creates, an update updates) and then closes the connection before
   * answering: the client cannot know that the write was applied.
   *
   * @return the fault
   */
  public static Fault dropConnectionAfterApplying() {
    return new Fault(Kind.DROP_AFTER_APPLYING, 0, null, null, List.of(), null);
  }

  /**
   * Returns this status fault with another body.
   *
   * @param body the body to answer with
   * @param contentType its content type, such as {@code text/html}
   * @return a new fault
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if this is not a {@link #status(int)} fault
   */
  public Fault body(String body, String contentType) {
    requireStatus();
    return new Fault(
        kind,
        status,
        Objects.requireNonNull(body, "body"),
        Objects.requireNonNull(contentType, "contentType"),
        headers,
        delay);
  }

  /**
   * Returns this status fault with one more header, such as {@code Retry-After}.
   *
   * @param name the header name
   * @param value the header value
   * @return a new fault
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if this is not a {@link #status(int)} fault
   */
  public Fault header(String name, String value) {
    requireStatus();
    List<String[]> more = new ArrayList<>(headers);
    more.add(
        new String[] {
          Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")
        });
    return new Fault(kind, status, body, contentType, List.copyOf(more), delay);
  }

  private void requireStatus() {
    if (kind != Kind.STATUS) {
      throw new IllegalStateException("only a Fault.status(..) has a body and headers");
    }
  }

  /** What the backend does with a call that meets this fault. */
  FakeBackend.FaultAction action() {
    switch (kind) {
      case STATUS:
        return (request, realAnswer) -> {
          MockResponse.Builder answer =
              new MockResponse.Builder()
                  .code(status)
                  .setHeader("Content-Type", contentType)
                  .body(body);
          headers.forEach(header -> answer.addHeader(header[0], header[1]));
          return answer.build();
        };
      case DELAY:
        return (request, realAnswer) ->
            realAnswer
                .get()
                .newBuilder()
                .headersDelay(delay.toNanos(), TimeUnit.NANOSECONDS)
                .build();
      case DROP_AFTER_APPLYING:
        return (request, realAnswer) -> {
          realAnswer.get();
          return dropped();
        };
      default:
        return (request, realAnswer) -> dropped();
    }
  }

  private static MockResponse dropped() {
    return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
  }

  @Override
  public String toString() {
    return "Fault["
        + kind
        + (kind == Kind.STATUS ? " " + status : "")
        + (delay != null ? " " + delay : "")
        + "]";
  }
}
