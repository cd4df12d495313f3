package com.copilotz.tasks.errors;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The resource does not exist: the server answered 404, or, as the Copilotz server does for a
 * missing id, 200 with an empty body (then {@link #statusCode()} is 200).
 */
public class NotFoundException extends CopilotzApiException {
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
  public NotFoundException(
      String message,
      int statusCode,
      @Nullable String errorMessage,
      @Nullable String body,
      @Nullable Map<String, List<String>> headers) {
    super(message, statusCode, errorMessage, body, headers);
  }
}
