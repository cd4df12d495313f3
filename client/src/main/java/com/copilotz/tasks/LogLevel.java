package com.copilotz.tasks;

/**
 * How much the client's request log says, through {@link System.Logger} under the name {@code
 * com.copilotz.tasks.http}, one line per record. Set it with {@link
 * TasksClient.Builder#logLevel(LogLevel)} or the environment variable {@code COPILOTZ_LOG} ({@code
 * info} or {@code debug}).
 */
public enum LogLevel {
  /** Nothing: the default. */
  OFF,
  /** One line per HTTP attempt at level INFO: method, path, status and time taken. */
  INFO,
  /**
   * Also, at level DEBUG, the headers and bodies (cut at 4 KiB) of each attempt, and each retry
   * with its wait. {@code Authorization}, {@code Cookie}, {@code Set-Cookie} and the login body are
   * always redacted.
   */
  DEBUG
}
