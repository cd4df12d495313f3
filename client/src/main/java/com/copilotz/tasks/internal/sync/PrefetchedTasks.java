package com.copilotz.tasks.internal.sync;

import com.copilotz.tasks.WorkflowField;
import com.copilotz.tasks.internal.ops.ExtIdMatching;
import com.copilotz.tasks.model.Task;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Set;

/**
 * The tasks of a bulk sync's prefetch scope, kept compactly: per extId (in an {@link ExtIdIndex}),
 * the newest task's id, workflow, current step, {@code updatedAt} and {@link
 * ExtIdMatching.Fingerprint}, in a few arrays: about 80 bytes a task, where the tasks themselves
 * would cost kilobytes each. Written by one thread while the scope is read, then only read.
 */
public final class PrefetchedTasks {
  private final ExtIdIndex extIds = new ExtIdIndex();
  private long[] ids = new long[64];
  private long[] workflows = new long[64];
  private long[] steps = new long[64];
  private long[] updatedAts = new long[64];
  private long[] coreFingerprints = new long[64];
  private long[] statusFingerprints = new long[64];
  private long[] contextFingerprints = new long[64];

  /**
   * The entries whose context holds a top-level value as a POST stored it (see
   * ExtIdMatching.Fingerprint).
   */
  private final BitSet storedAsCreated = new BitSet();

  /**
   * Keeps {@code task} when it is the newest with its extId so far (newest {@code updatedAt}, then
   * highest id).
   */
  void add(Task task, ExtIdMatching.Fingerprint fingerprint) {
    long id = task.getId() == null ? 0 : task.getId();
    long updatedAt = millis(task.getUpdatedAt());
    int entry = extIds.add(task.getExtId());
    if (entry < 0) {
      entry = -1 - entry;
      if (updatedAt < updatedAts[entry] || (updatedAt == updatedAts[entry] && id <= ids[entry])) {
        return;
      }
    } else if (entry == ids.length) {
      grow();
    }
    ids[entry] = id;
    workflows[entry] = task.getWorkflow() == null ? 0 : task.getWorkflow();
    steps[entry] = task.getCurrentStep() == null ? 0 : task.getCurrentStep();
    updatedAts[entry] = updatedAt;
    coreFingerprints[entry] = fingerprint.core();
    statusFingerprints[entry] = fingerprint.status();
    contextFingerprints[entry] = fingerprint.context();
    storedAsCreated.set(entry, fingerprint.storedAsCreated());
  }

  /** The entry of {@code extId}, or -1 when the scope held no task with it. */
  int find(String extId) {
    return extIds.find(extId);
  }

  int size() {
    return extIds.size();
  }

  long id(int entry) {
    return ids[entry];
  }

  /**
   * True when the task stored at {@code entry} already holds everything {@code desired} would set,
   * of the workflow's fields only those in {@code owned}.
   */
  boolean matches(
      int entry,
      long desiredWorkflow,
      long desiredStep,
      ExtIdMatching.Fingerprint desired,
      Set<WorkflowField> owned) {
    return (!owned.contains(WorkflowField.WORKFLOW) || sameWorkflow(entry, desiredWorkflow))
        && (!owned.contains(WorkflowField.CURRENT_STEP) || sameStep(entry, desiredStep))
        && (!owned.contains(WorkflowField.STATUS) || sameStatus(entry, desired))
        && ExtIdMatching.Fingerprint.holds(
            coreFingerprints[entry],
            contextFingerprints[entry],
            storedAsCreated.get(entry),
            desired);
  }

  /**
   * True when the task stored at {@code entry} differs from {@code desired} in a field of the
   * workflow that is not in {@code owned}: where the agent moved it.
   */
  boolean differsInFieldsLeftToTheAgent(
      int entry,
      long desiredWorkflow,
      long desiredStep,
      ExtIdMatching.Fingerprint desired,
      Set<WorkflowField> owned) {
    return (!owned.contains(WorkflowField.WORKFLOW) && !sameWorkflow(entry, desiredWorkflow))
        || (!owned.contains(WorkflowField.CURRENT_STEP) && !sameStep(entry, desiredStep))
        || (!owned.contains(WorkflowField.STATUS) && !sameStatus(entry, desired));
  }

  private boolean sameWorkflow(int entry, long desired) {
    return desired == 0 || desired == workflows[entry];
  }

  private boolean sameStep(int entry, long desired) {
    return desired == 0 || desired == steps[entry];
  }

  private boolean sameStatus(int entry, ExtIdMatching.Fingerprint desired) {
    return desired.status() == 0 || desired.status() == statusFingerprints[entry];
  }

  private static long millis(OffsetDateTime at) {
    return at == null ? Long.MIN_VALUE : at.toInstant().toEpochMilli();
  }

  private void grow() {
    int capacity = ids.length * 2;
    ids = Arrays.copyOf(ids, capacity);
    workflows = Arrays.copyOf(workflows, capacity);
    steps = Arrays.copyOf(steps, capacity);
    updatedAts = Arrays.copyOf(updatedAts, capacity);
    coreFingerprints = Arrays.copyOf(coreFingerprints, capacity);
    statusFingerprints = Arrays.copyOf(statusFingerprints, capacity);
    contextFingerprints = Arrays.copyOf(contextFingerprints, capacity);
  }
}
