package com.copilotz.tasks.mcp.internal.tools;

/**
 * A tool's argument that is missing, of the wrong type or out of range; its message names the
 * argument and says what it must be. Thrown before anything is sent to Copilotz.
 */
final class InvalidArgumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidArgumentException(String message) {
    super(message, null, false, false);
  }
}
