package com.copilotz.tasks.errors;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The server refused the request's input: it answered 500 with one of its deterministic validation
 * failures, such as {@code SQLITE_CONSTRAINT_NOTNULL: NOT NULL constraint failed: tasks.name},
 * {@code Field "update_inputData:tasks.name" is required but missing or null.}, {@code Missing
 * required fields: id} or {@code SQLITE_ERROR: near ")": syntax error}. The same request fails the
 * same way every time, so it is never retried; {@link #errorMessage()} is the server's message. The
 * README's errors table lists what is recognised. A subclass of {@link InternalServerException}:
 * code that catches that one catches this one too.
 */
public class InvalidInputException extends InternalServerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; see {@link CopilotzApiException#CopilotzApiException(String, int,
   * String, String, Map)}.
   *
   * @param message the exception message, naming the method and path of the call
   * @param statusCode the HTTP status of the answer
   * @param errorMessage the server's own message
   * @param body the body of the answer as text, capped in length
   * @param headers the headers of the answer, names in lower case
   */
  public InvalidInputException(
      String message,
      int statusCode,
      @Nullable String errorMessage,
      @Nullable String body,
      @Nullable Map<String, List<String>> headers) {
    super(message, statusCode, errorMessage, body, headers);
  }
}
