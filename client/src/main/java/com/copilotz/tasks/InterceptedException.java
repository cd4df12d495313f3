package com.copilotz.tasks;

import java.io.IOException;

/**
 * Carries an exception raised inside an OkHttp interceptor (a login that failed, a token provider that
 * threw) through OkHttp, which only lets {@link IOException} out of asynchronous calls cleanly.
 * {@link ApiCaller} unwraps it, so callers see the original exception.
 */
final class InterceptedException extends IOException {
  private static final long serialVersionUID = 1L;

  InterceptedException(RuntimeException cause) {
    super(cause.getMessage(), cause);
  }

  RuntimeException unwrap() {
    return (RuntimeException) getCause();
  }
}
