package com.copilotz.tasks;

/**
 * The fields of a task that say where it is in its workflow, which the Copilotz agent moves: a
 * {@link TaskSync} and {@link TasksClient#upsertByExtId} set them when they create a task, and
 * leave them to the agent afterwards, unless the sync {@linkplain TaskSync.Builder#owns owns} them.
 */
public enum WorkflowField {
  /** {@code workflow}: the workflow a task belongs to. */
  WORKFLOW,
  /** {@code currentStep}: the step a task is at. */
  CURRENT_STEP,
  /** {@code status}: {@code active}, {@code completed}, ... */
  STATUS
}
