package com.copilotz.tasks;

import com.copilotz.tasks.internal.ops.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Options for one call, passed to the overload of any {@link TasksClient} or {@link
 * AsyncTasksClient} method that takes them. Each option set here replaces the client's for that
 * call only. Immutable and thread-safe; build one and reuse it.
 *
 * <pre>{@code
 * RequestOptions patient = RequestOptions.builder().timeout(Duration.ofMinutes(2)).maxRetries(5).build();
 * client.getTask(42, patient);
 * }</pre>
 *
 * A helper that makes several calls (such as {@code advance}) applies the options to each of them.
 */
public final class RequestOptions {
  /** No option: every call as the client is configured. */
  public static final RequestOptions NONE = builder().build();

  private static final Set<String> RESERVED_HEADERS =
      Set.of("authorization", "content-type", "content-length", "host", "transfer-encoding");

  private final Optional<Duration> timeout;
  private final Optional<Duration> totalTimeout;
  private final OptionalInt maxRetries;
  private final Map<String, String> headers;
  private final List<Map.Entry<String, String>> queryParameters;
  private final Optional<Consumer<RawResponse>> responseListener;

  private RequestOptions(Builder builder) {
    this.timeout = Optional.ofNullable(builder.timeout);
    this.totalTimeout = Optional.ofNullable(builder.totalTimeout);
    this.maxRetries =
        builder.maxRetries == null ? OptionalInt.empty() : OptionalInt.of(builder.maxRetries);
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
    this.queryParameters = List.copyOf(builder.queryParameters);
    this.responseListener = Optional.ofNullable(builder.responseListener);
  }

  /**
   * Returns a builder with no option set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder with these options set, to derive others from them.
   *
   * <pre>{@code
   * RequestOptions slower = options.toBuilder().timeout(Duration.ofMinutes(5)).build();
   * }</pre>
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.timeout = timeout.orElse(null);
    builder.totalTimeout = totalTimeout.orElse(null);
    builder.maxRetries = maxRetries.isPresent() ? maxRetries.getAsInt() : null;
    builder.headers.putAll(headers);
    builder.queryParameters.addAll(queryParameters);
    builder.responseListener = responseListener.orElse(null);
    return builder;
  }

  /**
   * The timeout of each attempt of the call, and of each read and write in it.
   *
   * @return the timeout, or empty for the client's
   */
  public Optional<Duration> timeout() {
    return timeout;
  }

  /**
   * The timeout of the whole call: its attempts, the waits between them, and the read that settles
   * a write whose answer was lost.
   *
   * @return the total timeout, or empty for the client's
   */
  public Optional<Duration> totalTimeout() {
    return totalTimeout;
  }

  /**
   * How many times the call may be retried.
   *
   * @return the number, or empty for the client's
   */
  public OptionalInt maxRetries() {
    return maxRetries;
  }

  /**
   * The headers added to the request, by name, in the order they were set.
   *
   * @return the headers; unmodifiable
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The query parameters added to the request, in order (a name may come more than once).
   *
   * @return the parameters; unmodifiable
   */
  public List<Map.Entry<String, String>> queryParameters() {
    return queryParameters;
  }

  /**
   * The listener told of every answer of the call.
   *
   * @return the listener, or empty when none is set
   */
  public Optional<Consumer<RawResponse>> responseListener() {
    return responseListener;
  }

  @Override
  public String toString() {
    return "RequestOptions[timeout="
        + timeout.orElse(null)
        + ", totalTimeout="
        + totalTimeout.orElse(null)
        + ", maxRetries="
        + (maxRetries.isPresent() ? maxRetries.getAsInt() : null)
        + ", headers="
        + headers.size()
        + ", queryParameters="
        + queryParameters.size()
        + "]";
  }

  /** Builds {@link RequestOptions}. */
  public static final class Builder {
    private Duration timeout;
    private Duration totalTimeout;
    private Integer maxRetries;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<Map.Entry<String, String>> queryParameters = new ArrayList<>();
    private Consumer<RawResponse> responseListener;

    private Builder() {}

    /**
     * Bounds each attempt of the call as a whole, and each read and write in it.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Bounds the whole call: its attempts, the waits between them (a {@code Retry-After} included),
     * and the read that settles a write whose answer was lost. No retry starts that could not end
     * in time, and the last attempt gets only what is left. When it is over, the call fails with a
     * {@link com.copilotz.tasks.errors.CopilotzTimeoutException}, or, for a write whose outcome it
     * leaves unknown, an {@link com.copilotz.tasks.errors.UnconfirmedWriteException}.
     *
     * @param totalTimeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code totalTimeout} is null
     * @throws IllegalArgumentException if {@code totalTimeout} is zero or negative
     */
    public Builder totalTimeout(Duration totalTimeout) {
      this.totalTimeout = Checks.requirePositive(totalTimeout, "totalTimeout");
      return this;
    }

    /**
     * Sets how many times this call may be retried; 0 disables retries for it.
     *
     * @param maxRetries the number of retries
     * @return this builder
     * @throws IllegalArgumentException if {@code maxRetries} is negative
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Adds a header to the request, replacing one of the same name.
     *
     * @param name the header name
     * @param value the header value
     * @return this builder
     * @throws NullPointerException if {@code name} or {@code value} is null
     * @throws IllegalArgumentException if {@code name} is one the client sets itself ({@code
     *     Authorization}, {@code Content-Type}, {@code Content-Length}, {@code Host}, {@code
     *     Transfer-Encoding}), or is not a valid header name or value
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "header " + name + " is set by the client and cannot be replaced");
      }
      Checks.requireHeader(name, value);
      headers.remove(name);
      headers.put(name, value);
      return this;
    }

    /**
     * Adds a query parameter to the request. The server treats unknown parameters as nothing, and
     * known ones as equality filters that win over the body.
     *
     * @param name the parameter name
     * @param value the parameter value
     * @return this builder
     * @throws NullPointerException if {@code name} or {@code value} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Builder queryParameter(String name, String value) {
      Checks.requireNonBlank(name, "name");
      Objects.requireNonNull(value, "value");
      queryParameters.add(Map.entry(name, value));
      return this;
    }

    /**
     * Sets a listener told of every answer the call gets (each retry, and each call of a helper
     * that makes several), before the answer is turned into a result or an exception. It runs on
     * the thread that got the answer and should return quickly; what it throws is ignored.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder onResponse(Consumer<RawResponse> listener) {
      this.responseListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public RequestOptions build() {
      return new RequestOptions(this);
    }
  }
}
