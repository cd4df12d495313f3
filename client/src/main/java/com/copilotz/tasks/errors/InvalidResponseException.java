package com.copilotz.tasks.errors;

import org.jspecify.annotations.Nullable;

/**
 * The server answered with a success status but a body that could not be read as what the call
 * returns: malformed JSON, an HTML page, or JSON of another shape. The cause is the parser's error.
 */
public class InvalidResponseException extends CopilotzException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be read, naming the method and path of the call
   * @param cause the parser's error
   */
  public InvalidResponseException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
