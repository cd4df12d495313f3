package com.copilotz.tasks.errors;

import com.copilotz.tasks.internal.http.AnswerHeaders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server answered a call with an HTTP error. Subclasses name the common statuses; see the
 * README's errors table for which status maps to which subclass.
 *
 * <p>The message carries the method and path of the call and the server's own message; it never
 * carries the token.
 */
public class CopilotzApiException extends CopilotzException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status of the answer. */
  private final int statusCode;

  /** The server's own message. */
  private final String errorMessage;

  /** The body of the answer, capped. */
  private final String body;

  /** The headers of the answer; not serialized. */
  private final transient Map<String, List<String>> headers;

  /**
   * Creates an exception for an error answer.
   *
   * @param message the exception message, naming the method and path of the call
   * @param statusCode the HTTP status of the answer
   * @param errorMessage the server's own message, from its error envelope or an excerpt of its body
   * @param body the body of the answer as text, capped in length; empty when there was none
   * @param headers the headers of the answer, names in lower case
   */
  public CopilotzApiException(
      String message,
      int statusCode,
      @Nullable String errorMessage,
      @Nullable String body,
      @Nullable Map<String, List<String>> headers) {
    super(message, null);
    this.statusCode = statusCode;
    this.errorMessage = errorMessage == null ? "" : errorMessage;
    this.body = body == null ? "" : body;
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /**
   * Returns the HTTP status of the answer, such as 500. For a {@link NotFoundException} raised
   * because the server answered 200 with an empty body, this is 200.
   *
   * @return the HTTP status code
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Returns the server's own message: {@code error.message} from its JSON envelope, {@code message}
   * from the unwrapped form, or a short excerpt of an HTML or text body.
   *
   * @return the message; empty when the body said nothing
   */
  public String errorMessage() {
    return errorMessage;
  }

  /**
   * Returns the body of the answer as text, cut at 64 KiB.
   *
   * @return the body; empty when there was none
   */
  public String body() {
    return body;
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
   * Returns the id the server or a proxy gave the request, from {@code X-Request-Id} or {@code
   * Request-Id}: quote it when reporting a problem.
   *
   * @return the request id, or empty when the answer carried none
   */
  public Optional<String> requestId() {
    return AnswerHeaders.requestId(headers);
  }

  /**
   * Returns the first value of a header of the answer.
   *
   * @param name the header name, in any case
   * @return the first value, or empty when the header is absent
   */
  public Optional<String> header(String name) {
    return AnswerHeaders.first(headers, name);
  }
}
