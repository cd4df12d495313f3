package com.copilotz.tasks;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link TaskSync} did.
 *
 * @param created the tasks created
 * @param updated the tasks updated (only their differing fields were sent)
 * @param unchanged the tasks that already matched; nothing was sent for them
 * @param leftToTheAgent of the unchanged, those that differed only in the fields the sync leaves to
 *     the agent (see {@link WorkflowField}): where the agent moved them since
 * @param failures the rows that failed, in the order they failed; one failing never stops the
 *     others
 * @param elapsed how long the sync took
 */
public record SyncReport(
    long created,
    long updated,
    long unchanged,
    long leftToTheAgent,
    List<SyncFailure> failures,
    Duration elapsed) {
  /**
   * Creates a report; {@code failures} is copied.
   *
   * @param created the tasks created
   * @param updated the tasks updated
   * @param unchanged the tasks that already matched
   * @param leftToTheAgent of those, the ones that differed only in fields left to the agent
   * @param failures the rows that failed
   * @param elapsed how long the sync took
   */
  public SyncReport {
    failures = List.copyOf(failures);
  }

  /**
   * Returns the number of rows that failed.
   *
   * @return {@code failures().size()}
   */
  public long failed() {
    return failures.size();
  }

  /**
   * Returns the number of writes the sync made.
   *
   * @return {@code created() + updated()}
   */
  public long writes() {
    return created + updated;
  }
}
