package com.copilotz.tasks;

import java.util.Locale;

/** What became of a task a {@link StepWorker} took from a listing. */
public enum StepResult {
  /** Moved to the step's next (or completed at the last step), as the handler said. */
  ADVANCED,
  /** Marked completed, as the handler said. */
  COMPLETED,
  /**
   * Marked failed: as the handler said, or after its attempts were spent (with the exception's
   * message as the reason).
   */
  FAILED,
  /** Set pending at the step, as the handler said. */
  PENDING,
  /** Left as it was, as the handler (or the failure callback) said; nothing written. */
  LEFT,
  /**
   * Found elsewhere (moved by the agent or another process) or gone, before the handler ran or
   * before its move was written: nothing written.
   */
  MOVED,
  /**
   * Claimed by another instance ({@link StepWorker.Builder#claims}): its claim stands, so this
   * worker left the task to it; nothing written, the handler not run.
   */
  CLAIMED,
  /**
   * The worker closed before the task's move was written: it stays at the step, and is handed out
   * again later.
   */
  ABANDONED,
  /**
   * The move could not be written (a failure that does not pass, such as a 400, or one whose
   * outcome stayed unknown), or the failure callback threw: the task stays at the step, and this
   * worker does not hand it out again until it changes.
   */
  ERROR;

  /**
   * The result's name as metrics tag it.
   *
   * @return such as {@code advanced}
   */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
