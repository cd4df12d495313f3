package com.copilotz.tasks.cli.internal;

/** The command's exit statuses, documented in {@code copilotz-tasks --help} and the README. */
public final class ExitStatus {
  /** Done. */
  public static final int OK = 0;

  /** A failure: the server refused, could not be reached, a file could not be read. */
  public static final int FAILURE = 1;

  /** Bad usage: an unknown command or option, a value that is not valid. */
  public static final int USAGE = 2;

  /** The awaited task failed or was cancelled. */
  public static final int TASK_FAILED = 3;

  /** A wait timed out; the task still runs on the server. */
  public static final int TIMED_OUT = 4;

  /** No such task. */
  public static final int NOT_FOUND = 5;

  /** A guarded move found the task elsewhere; nothing was written. */
  public static final int MOVED = 6;

  private ExitStatus() {}

  /** The statuses as {@code --help} shows them. */
  public static final String HELP =
      "Exit status: 0 done, 1 failure, 2 bad usage, 3 the task failed or was cancelled, 4 timed out,"
          + " 5 no such task, 6 the task was elsewhere (nothing written).";
}
