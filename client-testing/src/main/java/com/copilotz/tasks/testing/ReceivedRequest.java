package com.copilotz.tasks.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as {@link FakeCopilotzServer} received it: method, path, query, headers and body.
 * Immutable.
 *
 * <pre>{@code
 * ReceivedRequest last = server.requests().get(server.requests().size() - 1);
 * assertThat(last.method()).isEqualTo("PUT");
 * assertThat(last.path()).isEqualTo("/rest/tasks/7");
 * assertThat(last.json().path("status").asText()).isEqualTo("completed");
 * }</pre>
 */
public final class ReceivedRequest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String method;
  private final String target;
  private final String path;
  private final Map<String, List<String>> query;
  private final Map<String, List<String>> headers;
  private final String body;

  ReceivedRequest(
      String method,
      String target,
      String path,
      Map<String, List<String>> query,
      Map<String, List<String>> headers,
      String body) {
    this.method = method;
    this.target = target;
    this.path = path;
    this.query = copy(query);
    this.headers = copy(headers);
    this.body = body;
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> map) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    map.forEach(
        (name, values) ->
            copy.put(
                name, java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values))));
    return java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Returns the HTTP method.
   *
   * @return such as {@code "POST"}
   */
  public String method() {
    return method;
  }

  /**
   * Returns the path, without the query, as it was sent (URL-encoded).
   *
   * @return such as {@code "/rest/tasks/7"}
   */
  public String path() {
    return path;
  }

  /**
   * Returns the path and the query as the request line carried them, still URL-encoded.
   *
   * @return such as {@code "/rest/tasks?extId=E1&limit=100&offset=0"}
   */
  public String target() {
    return target;
  }

  /**
   * Returns the query parameters, decoded, in the order they came.
   *
   * @return an unmodifiable map from parameter name to its values
   */
  public Map<String, List<String>> query() {
    return query;
  }

  /**
   * Returns the first value of a query parameter.
   *
   * @param name the parameter name
   * @return the decoded value, or empty when the request has no such parameter
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<String> queryParameter(String name) {
    List<String> values = query.get(Objects.requireNonNull(name, "name"));
    return values == null || values.isEmpty()
        ? Optional.empty()
        : Optional.ofNullable(values.get(0));
  }

  /**
   * Returns the headers.
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
   * @return the value, or empty when the request has no such header
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<String> header(String name) {
    List<String> values =
        headers.get(Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Returns the body as text (UTF-8).
   *
   * @return the body, empty when there was none
   */
  public String body() {
    return body;
  }

  /**
   * Returns the body parsed as JSON.
   *
   * @return the JSON tree; a missing node when there was no body
   * @throws UncheckedIOException if the body is not JSON
   */
  public JsonNode json() {
    if (body.isEmpty()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("The body of " + method + " " + path + " is not JSON", e);
    }
  }

  /** Shows the method and target, such as {@code GET /rest/tasks/7}. */
  @Override
  public String toString() {
    return method + " " + target;
  }
}
