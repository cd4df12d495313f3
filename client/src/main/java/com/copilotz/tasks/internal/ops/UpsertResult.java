package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.model.Task;

/**
 * What an upsert did, and the task as stored after it; the bulk sync counts with it.
 *
 * @param task the task as stored, or null when a sync left it unchanged without reading it
 * @param kind what the upsert did
 */
public record UpsertResult(Task task, Kind kind) {
  /** What an upsert did. */
  public enum Kind {
    CREATED,
    UPDATED,
    UNCHANGED,
    /**
     * Nothing written: the task differed only in fields left to the agent (see {@link
     * com.copilotz.tasks.WorkflowField}); a sync counts it as unchanged too.
     */
    LEFT_TO_THE_AGENT
  }
}
