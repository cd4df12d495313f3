package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.internal.ops.OperationName;
import com.copilotz.tasks.internal.ops.Operations;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The asynchronous view of a {@link TasksClient}, from {@link TasksClient#async()}: every method of
 * the client, returning a {@link CompletableFuture}, each also with an overload taking {@link
 * RequestOptions}. Calls run on OkHttp's dispatcher; no thread waits for an answer or a retry
 * meanwhile.
 *
 * <p>Arguments are checked at once, as {@link TasksClient} checks them: a bad one throws from the
 * method itself and nothing is sent. Failures of the calls complete the future exceptionally with
 * the same typed {@link CopilotzException}s ({@link CompletableFuture#join()} wraps them in a
 * {@link CompletionException}, {@link CompletableFuture#get()} in an {@link
 * java.util.concurrent.ExecutionException}). Cancelling a future cancels its HTTP call in flight
 * and starts no further call. Callbacks attached with {@code thenApply} and the like run on
 * OkHttp's threads unless you pass an executor: keep them short, or use the {@code Async} variants
 * with your own executor.
 */
public final class AsyncTasksClient {
  private final ClientCore core;

  AsyncTasksClient(ClientCore core) {
    this.core = core;
  }

  /**
   * Creates a task; see {@link TasksClient#createTask(CreateTaskRequest)}. An ambiguous failure
   * looks the task up by its extId before the create is sent again.
   *
   * @param request the task to create
   * @return the task as the server stored it
   * @throws NullPointerException if {@code request} or one of its required fields is null
   * @throws IllegalArgumentException if {@code extId} is blank, or {@code workflow} or {@code
   *     currentStep} is not positive
   */
  public CompletableFuture<Task> createTask(CreateTaskRequest request) {
    return createTask(request, RequestOptions.NONE);
  }

  /**
   * As {@code createTask} above, with options for each call it makes.
   *
   * @param request the task to create
   * @param options the options of each call
   * @return the task as the server stored it
   * @throws NullPointerException if {@code request}, one of its required fields, or {@code options}
   *     is null
   * @throws IllegalArgumentException if {@code extId} is blank, or {@code workflow} or {@code
   *     currentStep} is not positive
   */
  public CompletableFuture<Task> createTask(CreateTaskRequest request, RequestOptions options) {
    if (Operations.startsAtTheFirstStep(request)) {
      return core.runAsync(
          OperationName.CREATE_TASK,
          0,
          request.getExtId(),
          options,
          run -> core.operations.createTask(run, request));
    }
    return core.callAsync(
        OperationName.CREATE_TASK,
        0,
        request == null ? null : request.getExtId(),
        options,
        Operations.CREATE_TASK,
        request);
  }

  /**
   * Retrieves a task; see {@link TasksClient#getTask(long)}.
   *
   * @param id the task's {@code _id}
   * @return the task; fails with {@link NotFoundException} when there is none
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> getTask(long id) {
    return getTask(id, RequestOptions.NONE);
  }

  /**
   * As {@code getTask} above, with options for each call it makes.
   *
   * @param id the task's {@code _id}
   * @param options the options of each call
   * @return the task; fails with {@link NotFoundException} when there is none
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> getTask(long id, RequestOptions options) {
    return core.callAsync(OperationName.GET_TASK, id, null, options, Operations.GET_TASK, null);
  }

  /**
   * Retrieves a task with some of its references sent whole, in the same request; see {@link
   * TasksClient#getTask(long, Populate, Populate...)}.
   *
   * @param id the task's {@code _id}
   * @param populate a reference to send whole
   * @param more more references to send whole
   * @return the task; fails with {@link NotFoundException} when there is none
   * @throws NullPointerException if a reference is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> getTask(long id, Populate populate, Populate... more) {
    return getTask(id, RequestOptions.NONE, populate, more);
  }

  /**
   * As {@code getTask(long, Populate, Populate...)} above, with options for the call.
   *
   * @param id the task's {@code _id}
   * @param options the options of the call
   * @param populate a reference to send whole
   * @param more more references to send whole
   * @return the task; fails with {@link NotFoundException} when there is none
   * @throws NullPointerException if {@code options} or a reference is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> getTask(
      long id, RequestOptions options, Populate populate, Populate... more) {
    return core.callAsync(
        OperationName.GET_TASK,
        id,
        null,
        options,
        Operations.GET_TASK_POPULATED,
        Operations.references(populate, more));
  }

  /**
   * Updates the fields of a task that {@code request} sets; see {@link TasksClient#updateTask(long,
   * UpdateTaskRequest)}.
   *
   * @param id the task's {@code _id}
   * @param request the fields to change
   * @return the task as stored after the update
   * @throws NullPointerException if {@code request} is null
   * @throws IllegalArgumentException if {@code id} is not positive or {@code request} sets no valid
   *     field
   */
  public CompletableFuture<Task> updateTask(long id, UpdateTaskRequest request) {
    return updateTask(id, request, RequestOptions.NONE);
  }

  /**
   * As {@code updateTask} above, with options for each call it makes.
   *
   * @param id the task's {@code _id}
   * @param request the fields to change
   * @param options the options of each call
   * @return the task as stored after the update
   * @throws NullPointerException if {@code request} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive or {@code request} sets no valid
   *     field
   */
  public CompletableFuture<Task> updateTask(
      long id, UpdateTaskRequest request, RequestOptions options) {
    return core.callAsync(
        OperationName.UPDATE_TASK, id, null, options, Operations.UPDATE_TASK, request);
  }

  /**
   * Deletes a task; see {@link TasksClient#deleteTask(long)}.
   *
   * @param id the task's {@code _id}
   * @return a future completed when the task is gone
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Void> deleteTask(long id) {
    return deleteTask(id, RequestOptions.NONE);
  }

  /**
   * As {@code deleteTask} above, with options for each call it makes.
   *
   * @param id the task's {@code _id}
   * @param options the options of each call
   * @return a future completed when the task is gone
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Void> deleteTask(long id, RequestOptions options) {
    return core.runAsync(
        OperationName.DELETE_TASK, id, null, options, run -> core.operations.deleteTask(run, id));
  }

  /**
   * Lists every task matching {@code query}, fetching page after page as {@link
   * TasksClient#listTasks} does, and completes with all of them.
   *
   * @param query the filters and page size
   * @return the matching tasks, in the server's order, none twice
   * @throws NullPointerException if {@code query} is null
   */
  public CompletableFuture<List<Task>> listTasks(TaskQuery query) {
    return listTasks(query, RequestOptions.NONE);
  }

  /**
   * As {@code listTasks} above, with options for each call it makes.
   *
   * @param query the filters and page size
   * @param options the options of each call
   * @return the matching tasks, in the server's order, none twice
   * @throws NullPointerException if {@code query} or {@code options} is null
   */
  public CompletableFuture<List<Task>> listTasks(TaskQuery query, RequestOptions options) {
    return core.runAsync(
        OperationName.LIST_TASKS, 0, null, options, run -> core.operations.listAll(run, query));
  }

  /**
   * Retrieves a workflow; see {@link TasksClient#getWorkflow(long)}.
   *
   * @param id the workflow's {@code _id}
   * @return the workflow
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Workflow> getWorkflow(long id) {
    return getWorkflow(id, RequestOptions.NONE);
  }

  /**
   * As {@code getWorkflow} above, with options for each call it makes.
   *
   * @param id the workflow's {@code _id}
   * @param options the options of each call
   * @return the workflow
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Workflow> getWorkflow(long id, RequestOptions options) {
    return core.runAsync(
        OperationName.GET_WORKFLOW, 0, null, options, run -> core.operations.getWorkflow(run, id));
  }

  /**
   * Retrieves a step; see {@link TasksClient#getStep(long)}.
   *
   * @param id the step's {@code _id}
   * @return the step
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Step> getStep(long id) {
    return getStep(id, RequestOptions.NONE);
  }

  /**
   * As {@code getStep} above, with options for each call it makes.
   *
   * @param id the step's {@code _id}
   * @param options the options of each call
   * @return the step
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Step> getStep(long id, RequestOptions options) {
    return core.runAsync(
        OperationName.GET_STEP, 0, null, options, run -> core.operations.getStep(run, id));
  }

  /**
   * Moves a task to the next step of its workflow; see {@link TasksClient#advance(long)}.
   *
   * @param id the task's {@code _id}
   * @return the task as stored after the move
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> advance(long id) {
    return advance(id, Map.of(), RequestOptions.NONE);
  }

  /**
   * As {@code advance} above, with options for each call it makes.
   *
   * @param id the task's {@code _id}
   * @param options the options of each call
   * @return the task as stored after the move
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> advance(long id, RequestOptions options) {
    return advance(id, Map.of(), options);
  }

  /**
   * Moves a task to the next step of its workflow and merges {@code contextPatch} into its context
   * in the same PUT; see {@link TasksClient#advance(long, Map)}.
   *
   * @param id the task's {@code _id}
   * @param contextPatch the context keys to set; may be empty
   * @return the task as stored after the move
   * @throws NullPointerException if {@code contextPatch} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> advance(long id, Map<String, ?> contextPatch) {
    return advance(id, contextPatch, RequestOptions.NONE);
  }

  /**
   * As {@code advance} above, with options for each call it makes.
   *
   * @param id the task's {@code _id}
   * @param contextPatch the context keys to set; may be empty
   * @param options the options of each call
   * @return the task as stored after the move
   * @throws NullPointerException if {@code contextPatch} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> advance(
      long id, Map<String, ?> contextPatch, RequestOptions options) {
    return core.runAsync(
        OperationName.ADVANCE,
        id,
        null,
        options,
        run -> core.operations.advance(run, id, null, contextPatch));
  }

  /**
   * Marks a task completed; see {@link TasksClient#complete(long)}.
   *
   * @param id the task's {@code _id}
   * @return the task as stored after the change
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> complete(long id) {
    return complete(id, RequestOptions.NONE);
  }

  /**
   * As {@code complete} above, with options for each call it makes.
   *
   * @param id the task's {@code _id}
   * @param options the options of each call
   * @return the task as stored after the change
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> complete(long id, RequestOptions options) {
    return core.callAsync(OperationName.COMPLETE, id, null, options, Operations.COMPLETE, null);
  }

  /**
   * Marks a task failed, at its step's {@code failedNext} when there is one, keeping the reason in
   * the context; see {@link TasksClient#fail(long, String)}.
   *
   * @param id the task's {@code _id}
   * @param reason why the task failed
   * @return the task as stored after the change
   * @throws NullPointerException if {@code reason} is null
   * @throws IllegalArgumentException if {@code id} is not positive or {@code reason} is blank
   */
  public CompletableFuture<Task> fail(long id, String reason) {
    return fail(id, reason, RequestOptions.NONE);
  }

  /**
   * As {@code fail} above, with options for each call it makes.
   *
   * @param id the task's {@code _id}
   * @param reason why the task failed
   * @param options the options of each call
   * @return the task as stored after the change
   * @throws NullPointerException if {@code reason} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive or {@code reason} is blank
   */
  public CompletableFuture<Task> fail(long id, String reason, RequestOptions options) {
    return core.runAsync(
        OperationName.FAIL, id, null, options, run -> core.operations.fail(run, id, null, reason));
  }

  /**
   * Marks a task cancelled; see {@link TasksClient#cancel(long)}.
   *
   * @param id the task's {@code _id}
   * @return the task as stored after the change
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> cancel(long id) {
    return cancel(id, RequestOptions.NONE);
  }

  /**
   * As {@code cancel} above, with options for each call it makes.
   *
   * @param id the task's {@code _id}
   * @param options the options of each call
   * @return the task as stored after the change
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> cancel(long id, RequestOptions options) {
    return core.callAsync(OperationName.CANCEL, id, null, options, Operations.CANCEL, null);
  }

  // ----- following the agent: guarded moves and waits

  /**
   * Moves a task to the next step only if it is where {@code expected} says; see {@link
   * TasksClient#advance(long, At)}. The future fails with {@link
   * com.copilotz.tasks.errors.TaskMovedException} when the task is elsewhere (nothing written).
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @return the task as stored after the move
   * @throws NullPointerException if {@code expected} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> advance(long id, At expected) {
    return advance(id, expected, Map.of(), RequestOptions.NONE);
  }

  /**
   * As {@code advance(id, expected)} above, merging {@code contextPatch} into the context in the
   * same PUT.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @param contextPatch the context keys to set; may be empty
   * @return the task as stored after the move
   * @throws NullPointerException if {@code expected} or {@code contextPatch} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> advance(long id, At expected, Map<String, ?> contextPatch) {
    return advance(id, expected, contextPatch, RequestOptions.NONE);
  }

  /**
   * As {@code advance(id, expected, contextPatch)} above, with options for each call it makes.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @param contextPatch the context keys to set; may be empty
   * @param options the options of each call
   * @return the task as stored after the move
   * @throws NullPointerException if {@code expected}, {@code contextPatch} or {@code options} is
   *     null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> advance(
      long id, At expected, Map<String, ?> contextPatch, RequestOptions options) {
    return core.runAsync(
        OperationName.ADVANCE,
        id,
        null,
        options,
        run ->
            core.operations.advance(
                run, id, Objects.requireNonNull(expected, "expected"), contextPatch));
  }

  /**
   * Marks a task failed only if it is where {@code expected} says; see {@link
   * TasksClient#fail(long, At, String)}.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @param reason why the task failed
   * @return the task as stored after the change
   * @throws NullPointerException if {@code expected} or {@code reason} is null
   * @throws IllegalArgumentException if {@code id} is not positive or {@code reason} is blank
   */
  public CompletableFuture<Task> fail(long id, At expected, String reason) {
    return fail(id, expected, reason, RequestOptions.NONE);
  }

  /**
   * As {@code fail(id, expected, reason)} above, with options for each call it makes.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @param reason why the task failed
   * @param options the options of each call
   * @return the task as stored after the change
   * @throws NullPointerException if {@code expected}, {@code reason} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive or {@code reason} is blank
   */
  public CompletableFuture<Task> fail(long id, At expected, String reason, RequestOptions options) {
    return core.runAsync(
        OperationName.FAIL,
        id,
        null,
        options,
        run -> core.operations.fail(run, id, Objects.requireNonNull(expected, "expected"), reason));
  }

  /**
   * Marks a task completed only if it is where {@code expected} says; see {@link
   * TasksClient#complete(long, At)}.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @return the task as stored after the change
   * @throws NullPointerException if {@code expected} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> complete(long id, At expected) {
    return complete(id, expected, RequestOptions.NONE);
  }

  /**
   * As {@code complete(id, expected)} above, with options for each call it makes.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @param options the options of each call
   * @return the task as stored after the change
   * @throws NullPointerException if {@code expected} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> complete(long id, At expected, RequestOptions options) {
    return core.runAsync(
        OperationName.COMPLETE,
        id,
        null,
        options,
        run -> core.operations.complete(run, id, expected));
  }

  /**
   * Marks a task cancelled only if it is where {@code expected} says; see {@link
   * TasksClient#cancel(long, At)}.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @return the task as stored after the change
   * @throws NullPointerException if {@code expected} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> cancel(long id, At expected) {
    return cancel(id, expected, RequestOptions.NONE);
  }

  /**
   * As {@code cancel(id, expected)} above, with options for each call it makes.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @param options the options of each call
   * @return the task as stored after the change
   * @throws NullPointerException if {@code expected} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> cancel(long id, At expected, RequestOptions options) {
    return core.runAsync(
        OperationName.CANCEL, id, null, options, run -> core.operations.cancel(run, id, expected));
  }

  /**
   * Waits for a task to meet {@code until}, as {@link TasksClient#awaitTask(long, Until)} does,
   * without a thread: each read is enqueued on OkHttp's dispatcher and each wait between reads is
   * scheduled. Cancelling the future cancels the read in flight, and no further read is made.
   *
   * @param id the task's {@code _id}
   * @param until what to wait for, and for how long
   * @return the task as read when it met the condition; the future fails with {@link
   *     com.copilotz.tasks.errors.WaitTimeoutException}, {@link
   *     com.copilotz.tasks.errors.WaitFailedException}, {@link
   *     com.copilotz.tasks.errors.NotFoundException}, or the failure of a read that will not pass
   * @throws NullPointerException if {@code until} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> awaitTask(long id, Until until) {
    return awaitTask(id, until, RequestOptions.NONE);
  }

  /**
   * As {@code awaitTask} above, with options for each read.
   *
   * @param id the task's {@code _id}
   * @param until what to wait for, and for how long
   * @param options the options of each read
   * @return the task as read when it met the condition
   * @throws NullPointerException if {@code until} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> awaitTask(long id, Until until, RequestOptions options) {
    return core.runAsync(
        OperationName.AWAIT_TASK,
        id,
        null,
        options,
        run -> core.operations.awaitTask(run, id, until));
  }

  /**
   * Creates a task, then waits for it to meet {@code until}; see {@link
   * TasksClient#createAndAwait(CreateTaskRequest, Until)}.
   *
   * @param request the task to create
   * @param until what to wait for, and for how long
   * @return the task as read when it met the condition
   * @throws NullPointerException if {@code request}, one of its required fields, or {@code until}
   *     is null
   * @throws IllegalArgumentException if a required field is blank, or {@code workflow} or {@code
   *     currentStep} is not positive
   */
  public CompletableFuture<Task> createAndAwait(CreateTaskRequest request, Until until) {
    return createAndAwait(request, until, RequestOptions.NONE);
  }

  /**
   * As {@code createAndAwait} above, with options for the create and each read.
   *
   * @param request the task to create
   * @param until what to wait for, and for how long
   * @param options the options of each call
   * @return the task as read when it met the condition
   * @throws NullPointerException if {@code request}, one of its required fields, {@code until} or
   *     {@code options} is null
   * @throws IllegalArgumentException if a required field is blank, or {@code workflow} or {@code
   *     currentStep} is not positive
   */
  public CompletableFuture<Task> createAndAwait(
      CreateTaskRequest request, Until until, RequestOptions options) {
    return core.runAsync(
        OperationName.CREATE_AND_AWAIT,
        0,
        request == null ? null : request.getExtId(),
        options,
        run -> core.operations.createAndAwait(run, request, until));
  }

  /**
   * Returns the steps of a workflow in order; see {@link TasksClient#workflowSteps(long)}.
   *
   * @param workflowId the workflow's {@code _id}
   * @return the steps
   * @throws IllegalArgumentException if {@code workflowId} is not positive
   */
  public CompletableFuture<List<Step>> workflowSteps(long workflowId) {
    return workflowSteps(workflowId, RequestOptions.NONE);
  }

  /**
   * As {@code workflowSteps} above, with options for each call it makes.
   *
   * @param workflowId the workflow's {@code _id}
   * @param options the options of each call
   * @return the steps
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code workflowId} is not positive
   */
  public CompletableFuture<List<Step>> workflowSteps(long workflowId, RequestOptions options) {
    return core.runAsync(
        OperationName.WORKFLOW_STEPS,
        0,
        null,
        options,
        run -> core.operations.workflowSteps(run, workflowId));
  }

  /**
   * Finds the task linked to an external record; see {@link TasksClient#findByExtId(String)}.
   *
   * @param extId the external id
   * @return the task, or empty when none has this extId
   * @throws NullPointerException if {@code extId} is null
   * @throws IllegalArgumentException if {@code extId} is blank
   */
  public CompletableFuture<Optional<Task>> findByExtId(String extId) {
    return findByExtId(extId, RequestOptions.NONE);
  }

  /**
   * As {@code findByExtId} above, with options for each call it makes.
   *
   * @param extId the external id
   * @param options the options of each call
   * @return the task, or empty when none has this extId
   * @throws NullPointerException if {@code extId} or {@code options} is null
   * @throws IllegalArgumentException if {@code extId} is blank
   */
  public CompletableFuture<Optional<Task>> findByExtId(String extId, RequestOptions options) {
    return core.runAsync(
        OperationName.FIND_BY_EXT_ID,
        0,
        extId,
        options,
        run -> core.operations.findByExtId(run, extId));
  }

  /**
   * Creates or updates the task {@code desired} describes, found by its extId; see {@link
   * TasksClient#upsertByExtId(CreateTaskRequest)}.
   *
   * @param desired the task as it should be
   * @return the task as stored
   * @throws NullPointerException if {@code desired} or one of its required fields is null
   * @throws IllegalArgumentException if {@code extId} is blank, or {@code workflow} or {@code
   *     currentStep} is not positive
   */
  public CompletableFuture<Task> upsertByExtId(CreateTaskRequest desired) {
    return upsertByExtId(desired, RequestOptions.NONE);
  }

  /**
   * As {@code upsertByExtId} above, with options for each call it makes.
   *
   * @param desired the task as it should be
   * @param options the options of each call
   * @return the task as stored
   * @throws NullPointerException if {@code desired}, one of its required fields, or {@code options}
   *     is null
   * @throws IllegalArgumentException if {@code extId} is blank, or {@code workflow} or {@code
   *     currentStep} is not positive
   */
  public CompletableFuture<Task> upsertByExtId(CreateTaskRequest desired, RequestOptions options) {
    return core.runAsync(
        OperationName.UPSERT_BY_EXT_ID,
        0,
        desired == null ? null : desired.getExtId(),
        options,
        run -> core.operations.upsertByExtId(run, desired));
  }
}
