package com.copilotz.tasks.errors;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The server answered 401 Unauthorized: the token is missing, expired or invalid, or the login
 * credentials are wrong. When the client can obtain a new token it does so once and repeats the
 * call once before raising this.
 */
public class AuthenticationException extends CopilotzApiException {
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
  public AuthenticationException(
      String message,
      int statusCode,
      @Nullable String errorMessage,
      @Nullable String body,
      @Nullable Map<String, List<String>> headers) {
    super(message, statusCode, errorMessage, body, headers);
  }
}
