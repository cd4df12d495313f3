package com.copilotz.tasks;

import com.copilotz.tasks.internal.http.AnswerHeaders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An answer as it came over the wire, given to the listener set with {@link
 * RequestOptions.Builder#onResponse}: the call, the status, the headers and the body as parsed.
 */
public final class RawResponse {
  private final String method;
  private final String path;
  private final int statusCode;
  private final Map<String, List<String>> headers;
  private final @Nullable Object body;

  /**
   * Describes an answer; the SDK makes these for {@link RequestOptions.Builder#onResponse}, and a
   * test of a listener may too.
   *
   * @param method the request's HTTP method
   * @param path the request's path, without its query
   * @param statusCode the answer's status
   * @param headers the answer's headers, by name
   * @param body the parsed body, or null when there is none to show
   */
  public RawResponse(
      String method,
      String path,
      int statusCode,
      Map<String, List<String>> headers,
      @Nullable Object body) {
    this.method = method;
    this.path = path;
    this.statusCode = statusCode;
    this.headers = Map.copyOf(headers);
    this.body = body;
  }

  /**
   * Returns the HTTP method of the call.
   *
   * @return such as {@code "GET"}
   */
  public String method() {
    return method;
  }

  /**
   * Returns the path of the call, without its query.
   *
   * @return such as {@code "/rest/tasks/7"}
   */
  public String path() {
    return path;
  }

  /**
   * Returns the HTTP status.
   *
   * @return such as 200
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Returns the headers of the answer.
   *
   * @return an unmodifiable map from lower-case header name to its values
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * Returns the first value of a header.
   *
   * @param name the header name, in any case
   * @return the value, or empty when the header is absent
   */
  public Optional<String> header(String name) {
    return AnswerHeaders.first(headers, name);
  }

  /**
   * Returns the id the server or a proxy gave the request, from {@code X-Request-Id} or {@code
   * Request-Id}.
   *
   * @return the request id, or empty when the answer carried none
   */
  public Optional<String> requestId() {
    return AnswerHeaders.requestId(headers);
  }

  /**
   * Returns the body as the call parsed it: a {@link com.copilotz.tasks.model.Task}, a {@link
   * com.copilotz.tasks.model.Workflow}, a {@link com.copilotz.tasks.model.Step}, or the {@code
   * List<Task>} of a list.
   *
   * @return the parsed body, or empty for an error answer, an empty body or a delete
   */
  public Optional<Object> body() {
    return Optional.ofNullable(body);
  }

  @Override
  public String toString() {
    return "RawResponse[" + method + " " + path + " " + statusCode + "]";
  }
}
