package com.copilotz.tasks.errors;

import org.jspecify.annotations.Nullable;

/**
 * The base of every exception the Copilotz SDK throws. All of them are unchecked.
 *
 * <p>Catch this type to handle any failure of a call; catch a subclass to handle one kind: {@link
 * CopilotzApiException} when the server answered with an error, {@link CopilotzIOException} when no
 * answer came, {@link InvalidResponseException} when the answer could not be read.
 */
public class CopilotzException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and an optional cause.
   *
   * @param message what went wrong; never contains a token
   * @param cause the underlying failure, or null
   */
  public CopilotzException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
