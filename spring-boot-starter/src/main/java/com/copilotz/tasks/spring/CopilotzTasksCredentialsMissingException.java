package com.copilotz.tasks.spring;

/**
 * Thrown at startup when the auto-configured client has neither a token nor complete credentials;
 * the starter's failure analyzer turns it into a message that says which properties to set.
 */
public class CopilotzTasksCredentialsMissingException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is missing
   */
  public CopilotzTasksCredentialsMissingException(String message) {
    super(message);
  }
}
