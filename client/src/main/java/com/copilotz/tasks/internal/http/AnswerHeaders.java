package com.copilotz.tasks.internal.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reading an answer's headers once they are a map from lower-case name to values (OkHttp's {@code
 * Headers.toMultimap()}), as {@code RawResponse} and {@code CopilotzApiException} hand them out.
 */
public final class AnswerHeaders {
  private AnswerHeaders() {}

  /**
   * The first value of a header.
   *
   * @param headers the headers, names in lower case
   * @param name the header's name, in any case
   * @return the first value, or empty when the header is absent
   */
  public static Optional<String> first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The id the server or a proxy gave the request: {@code X-Request-Id}, else {@code Request-Id}.
   *
   * @param headers the headers, names in lower case
   * @return the request id, or empty when the answer carried none
   */
  public static Optional<String> requestId(Map<String, List<String>> headers) {
    return first(headers, "x-request-id").or(() -> first(headers, "request-id"));
  }
}
