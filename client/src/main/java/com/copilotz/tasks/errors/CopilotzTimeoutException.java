package com.copilotz.tasks.errors;

import org.jspecify.annotations.Nullable;

/**
 * A call ran out of time: connecting, reading, writing, or the whole call took longer than the
 * client's timeouts allow.
 */
public class CopilotzTimeoutException extends CopilotzIOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what timed out, naming the method and path of the call
   * @param cause the underlying timeout
   */
  public CopilotzTimeoutException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
