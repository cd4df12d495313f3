package com.copilotz.tasks;

import com.copilotz.tasks.model.Task;

/** What an upsert did, and the task as stored after it; the bulk sync counts with it. */
record UpsertOutcome(Task task, Kind kind) {
  /** What an upsert did. */
  enum Kind {
    CREATED,
    UPDATED,
    UNCHANGED
  }
}
