package com.copilotz.tasks.cli.internal;

/**
 * Input the command cannot use (a missing token, a malformed file, a value out of range): one line
 * to the user, exit status {@link ExitStatus#USAGE} unless another is given.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** Bad input, exit status 2. */
  public UsageException(String message) {
    this(message, ExitStatus.USAGE);
  }

  /** Bad input, with this exit status. */
  public UsageException(String message, int status) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The exit status. */
  public int status() {
    return status;
  }
}
