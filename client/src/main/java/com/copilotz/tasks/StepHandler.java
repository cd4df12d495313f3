package com.copilotz.tasks;

import com.copilotz.tasks.model.Task;

/**
 * The work of one step of a workflow, which a {@link StepWorker} runs for each task waiting at the
 * step: it does the work (sends the email, calls the other system) and says what becomes of the
 * task.
 *
 * <p>Delivery is at least once: the server has no lease and no conditional write, so a process that
 * dies between the work and the write leaves the task at the step, and it is handed out again. Make
 * the work idempotent: key it on the task's {@code _id} or {@code extId} in the system it calls, or
 * check a marker the handler left in the task's {@code context} (the patch of {@link
 * StepAction#advance(java.util.Map)}). Within one worker a task is never handed to two handlers at
 * once.
 *
 * <p>Called on the worker's threads, up to its concurrency at once.
 */
@FunctionalInterface
public interface StepHandler {
  /**
   * Handles a task that was just read again and is still at the worker's step with a status it
   * handles.
   *
   * @param task the task as read just before this call
   * @return what to do with the task; never null
   * @throws Exception when the work failed: the worker runs the handler again after a backoff, up
   *     to its attempts, then fails the task with the exception's message (or hands it to the
   *     worker's {@code whenHandlerFails} callback)
   */
  StepAction handle(Task task) throws Exception;
}
