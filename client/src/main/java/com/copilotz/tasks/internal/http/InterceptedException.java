package com.copilotz.tasks.internal.http;

import java.io.IOException;

/**
 * Carries an exception raised inside an OkHttp interceptor (a login that failed, a token provider
 * that threw) through OkHttp, which only lets {@link IOException} out of asynchronous calls
 * cleanly. {@link CallExecutor} unwraps it, so callers see the original exception.
 */
public final class InterceptedException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Carries {@code cause} out of an interceptor.
   *
   * @param cause the exception raised in it
   */
  public InterceptedException(RuntimeException cause) {
    super(cause.getMessage(), cause);
  }

  /**
   * The exception raised in the interceptor.
   *
   * @return it
   */
  public RuntimeException unwrap() {
    return (RuntimeException) getCause();
  }
}
