package com.copilotz.tasks;

import com.copilotz.tasks.model.Task;

/**
 * The work of one step of a workflow, which a {@link StepWorker} runs for each task waiting at the
 * step: it does the work (sends the email, calls the other system) and says what becomes of the
 * task. A handler that wants to know whether the task was handed out before is a {@link Delivered}.
 *
 * <p>Delivery is at least once: the server has no lease and no conditional write, so a process that
 * dies between the work and the write leaves the task at the step, and it is handed out again. Make
 * the work idempotent in the system it calls: give that system a key derived from the task's {@code
 * _id} and the step (such as {@code "task-42-step-7"}) that it deduplicates on. A marker that the
 * move writes (the patch of {@link StepAction#advance(java.util.Map)}) cannot tell: a process that
 * dies between the work and the move leaves no marker. Within one worker a task is never handed to
 * two handlers at once.
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

  /**
   * The work of one step, told how the task came to it: {@code start((task, delivery) -> ...)}.
   * With {@link StepWorker.Builder#claims}, {@link Delivery#redelivered()} is true after any
   * earlier delivery whose move was never written, by this instance or another, a crashed one
   * included.
   */
  @FunctionalInterface
  interface Delivered {
    /**
     * Handles a task, as {@link StepHandler#handle(Task)} does.
     *
     * @param task the task as read just before this call
     * @param delivery which attempt this is, and whether the task was handed out before
     * @return what to do with the task; never null
     * @throws Exception when the work failed, as {@link StepHandler#handle(Task)}
     */
    StepAction handle(Task task, Delivery delivery) throws Exception;
  }
}
