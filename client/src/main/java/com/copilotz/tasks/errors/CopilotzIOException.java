package com.copilotz.tasks.errors;

import org.jspecify.annotations.Nullable;

/**
 * No answer came from the server: the connection could not be made, was reset, or the call was
 * cancelled. The cause is the underlying {@link java.io.IOException}.
 */
public class CopilotzIOException extends CopilotzException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the method and path of the call
   * @param cause the underlying I/O failure
   */
  public CopilotzIOException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
