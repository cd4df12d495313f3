package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.internal.api.TasksApi;
import com.copilotz.tasks.internal.api.WorkflowsApi;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import retrofit2.Call;

/**
 * The asynchronous view of a {@link TasksClient}, from {@link TasksClient#async()}: every method of the
 * client, returning a {@link CompletableFuture}. Calls run on OkHttp's dispatcher; no thread waits for an
 * answer or a retry meanwhile.
 *
 * <p>Arguments are checked at once, as {@link TasksClient} checks them: a bad one throws from the method
 * itself and nothing is sent. Failures of the calls complete the future exceptionally with the same typed
 * {@link CopilotzException}s ({@link CompletableFuture#join()} wraps them in a
 * {@link CompletionException}, {@link CompletableFuture#get()} in an
 * {@link java.util.concurrent.ExecutionException}). Cancelling a future cancels its HTTP call in flight and
 * starts no further call. Callbacks attached with {@code thenApply} and the like run on OkHttp's threads
 * unless you pass an executor: keep them short, or use the {@code Async} variants with your own executor.
 */
public final class AsyncTasksClient {
  private final TasksClient client;
  private final TasksApi tasksApi;
  private final WorkflowsApi workflowsApi;

  AsyncTasksClient(TasksClient client) {
    this.client = client;
    this.tasksApi = client.tasksApi();
    this.workflowsApi = client.workflowsApi();
  }

  /**
   * Creates a task; see {@link TasksClient#createTask(CreateTaskRequest)}.
   *
   * @param request the task to create
   * @return the task as the server stored it
   * @throws NullPointerException if {@code request} or one of its required fields is null
   * @throws IllegalArgumentException if {@code extId} is blank, or {@code workflow} or {@code currentStep}
   *     is not positive
   */
  public CompletableFuture<Task> createTask(CreateTaskRequest request) {
    client.ensureOpen();
    Requests.checkCreate(request);
    return single(tasksApi.createTask(request));
  }

  /**
   * Retrieves a task; see {@link TasksClient#getTask(long)}.
   *
   * @param id the task's {@code _id}
   * @return the task; fails with {@link NotFoundException} when there is none
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> getTask(long id) {
    client.ensureOpen();
    return single(tasksApi.getTask(Requests.requirePositive(id, "id")));
  }

  /**
   * Updates the fields of a task that {@code request} sets; see
   * {@link TasksClient#updateTask(long, UpdateTaskRequest)}.
   *
   * @param id the task's {@code _id}
   * @param request the fields to change
   * @return the task as stored after the update
   * @throws NullPointerException if {@code request} is null
   * @throws IllegalArgumentException if {@code id} is not positive or {@code request} sets no valid field
   */
  public CompletableFuture<Task> updateTask(long id, UpdateTaskRequest request) {
    client.ensureOpen();
    Requests.requirePositive(id, "id");
    Requests.checkUpdate(request);
    return single(tasksApi.updateTask(id, request));
  }

  /**
   * Deletes a task; see {@link TasksClient#deleteTask(long)}.
   *
   * @param id the task's {@code _id}
   * @return a future completed when the task is gone
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Void> deleteTask(long id) {
    client.ensureOpen();
    AsyncOperation<Void> operation = new AsyncOperation<>(client.caller());
    return operation.completeFrom(
        operation.call(tasksApi.deleteTask(Requests.requirePositive(id, "id"))).thenApply(deleted -> null));
  }

  /**
   * Lists every task matching {@code query}, fetching page after page as {@link TasksClient#listTasks}
   * does, and completes with all of them.
   *
   * @param query the filters and page size
   * @return the matching tasks, in the server's order, none twice
   * @throws NullPointerException if {@code query} is null
   */
  public CompletableFuture<List<Task>> listTasks(TaskQuery query) {
    client.ensureOpen();
    Objects.requireNonNull(query, "query");
    AsyncOperation<List<Task>> operation = new AsyncOperation<>(client.caller());
    return operation.completeFrom(pages(operation, query, new PageWalker(query.pageSize), new ArrayList<>()));
  }

  private CompletableFuture<List<Task>> pages(
      AsyncOperation<?> operation, TaskQuery query, PageWalker walker, List<Task> tasks) {
    return operation
        .call(TaskPager.pageCall(tasksApi, query, walker.offset()))
        .thenCompose(
            page -> {
              tasks.addAll(walker.accept(TaskPager.tasksOf(page)));
              return walker.done()
                  ? CompletableFuture.completedFuture(tasks)
                  : pages(operation, query, walker, tasks);
            });
  }

  /**
   * Retrieves a workflow; see {@link TasksClient#getWorkflow(long)}.
   *
   * @param id the workflow's {@code _id}
   * @return the workflow
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Workflow> getWorkflow(long id) {
    client.ensureOpen();
    AsyncOperation<Workflow> operation = new AsyncOperation<>(client.caller());
    return operation.completeFrom(fetchWorkflow(operation, Requests.requirePositive(id, "id")));
  }

  /**
   * Retrieves a step; see {@link TasksClient#getStep(long)}.
   *
   * @param id the step's {@code _id}
   * @return the step
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Step> getStep(long id) {
    client.ensureOpen();
    AsyncOperation<Step> operation = new AsyncOperation<>(client.caller());
    return operation.completeFrom(fetchStep(operation, Requests.requirePositive(id, "id")));
  }

  /**
   * Moves a task to the next step of its workflow; see {@link TasksClient#advance(long)}.
   *
   * @param id the task's {@code _id}
   * @return the task as stored after the move
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> advance(long id) {
    return advance(id, Map.of());
  }

  /**
   * Moves a task to the next step of its workflow and merges {@code contextPatch} into its context in the
   * same PUT; see {@link TasksClient#advance(long, Map)}.
   *
   * @param id the task's {@code _id}
   * @param contextPatch the context keys to set; may be empty
   * @return the task as stored after the move
   * @throws NullPointerException if {@code contextPatch} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> advance(long id, Map<String, ?> contextPatch) {
    client.ensureOpen();
    Requests.requirePositive(id, "id");
    Objects.requireNonNull(contextPatch, "contextPatch");
    AsyncOperation<Task> operation = new AsyncOperation<>(client.caller());
    return operation.completeFrom(
        operation
            .call(tasksApi.getTask(id))
            .thenCompose(task -> stepOf(operation, task))
            .thenCompose(step -> operation.call(tasksApi.updateTask(id, Workflows.advance(step, contextPatch)))));
  }

  /**
   * Marks a task completed; see {@link TasksClient#complete(long)}.
   *
   * @param id the task's {@code _id}
   * @return the task as stored after the change
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> complete(long id) {
    return updateTask(id, new UpdateTaskRequest().status(TaskStatus.COMPLETED));
  }

  /**
   * Marks a task failed, at its step's {@code failedNext} when there is one, keeping the reason in the
   * context; see {@link TasksClient#fail(long, String)}.
   *
   * @param id the task's {@code _id}
   * @param reason why the task failed
   * @return the task as stored after the change
   * @throws NullPointerException if {@code reason} is null
   * @throws IllegalArgumentException if {@code id} is not positive or {@code reason} is blank
   */
  public CompletableFuture<Task> fail(long id, String reason) {
    client.ensureOpen();
    Requests.requirePositive(id, "id");
    Requests.requireNonBlank(reason, "reason");
    AsyncOperation<Task> operation = new AsyncOperation<>(client.caller());
    return operation.completeFrom(
        operation
            .call(tasksApi.getTask(id))
            .thenCompose(task -> stepOf(operation, task))
            .thenCompose(step -> operation.call(tasksApi.updateTask(id, Workflows.fail(step, reason)))));
  }

  /**
   * Marks a task cancelled; see {@link TasksClient#cancel(long)}.
   *
   * @param id the task's {@code _id}
   * @return the task as stored after the change
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public CompletableFuture<Task> cancel(long id) {
    return updateTask(id, new UpdateTaskRequest().status(TaskStatus.CANCELLED));
  }

  /**
   * Returns the steps of a workflow in order; see {@link TasksClient#workflowSteps(long)}.
   *
   * @param workflowId the workflow's {@code _id}
   * @return the steps
   * @throws IllegalArgumentException if {@code workflowId} is not positive
   */
  public CompletableFuture<List<Step>> workflowSteps(long workflowId) {
    client.ensureOpen();
    Requests.requirePositive(workflowId, "workflowId");
    AsyncOperation<List<Step>> operation = new AsyncOperation<>(client.caller());
    Workflow cached = client.workflowCache().get(workflowId);
    CompletableFuture<Workflow> workflow =
        cached != null ? CompletableFuture.completedFuture(cached) : fetchWorkflow(operation, workflowId);
    return operation.completeFrom(
        workflow.thenCompose(found -> followChain(operation, new Workflows.StepChain(found))));
  }

  private CompletableFuture<List<Step>> followChain(AsyncOperation<?> operation, Workflows.StepChain chain) {
    Long stepId = chain.next();
    if (stepId == null) {
      return CompletableFuture.completedFuture(chain.steps());
    }
    return cachedStep(operation, stepId)
        .handle(
            (step, failure) -> {
              Throwable cause = unwrap(failure);
              if (cause instanceof NotFoundException) {
                throw chain.missing(stepId, (NotFoundException) cause);
              }
              if (cause != null) {
                throw new CompletionException(cause);
              }
              chain.add(step);
              return chain;
            })
        .thenCompose(next -> followChain(operation, next));
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
    TaskQuery query = TaskQuery.builder().extId(extId).build();
    return listTasks(query).thenApply(Workflows::newest);
  }

  /**
   * Creates or updates the task {@code desired} describes, found by its extId; see
   * {@link TasksClient#upsertByExtId(CreateTaskRequest)}.
   *
   * @param desired the task as it should be
   * @return the task as stored
   * @throws NullPointerException if {@code desired} or one of its required fields is null
   * @throws IllegalArgumentException if {@code extId} is blank, or {@code workflow} or {@code currentStep}
   *     is not positive
   */
  public CompletableFuture<Task> upsertByExtId(CreateTaskRequest desired) {
    client.ensureOpen();
    Requests.checkCreate(desired);
    AsyncOperation<Task> operation = new AsyncOperation<>(client.caller());
    TaskQuery query = TaskQuery.builder().extId(desired.getExtId()).build();
    return operation.completeFrom(
        pages(operation, query, new PageWalker(query.pageSize), new ArrayList<>())
            .thenCompose(
                tasks -> {
                  Optional<Task> current = Workflows.newest(tasks);
                  if (current.isEmpty()) {
                    return operation.call(tasksApi.createTask(desired));
                  }
                  UpdateTaskRequest difference = Workflows.difference(current.get(), desired, client.mapper());
                  return difference == null
                      ? CompletableFuture.completedFuture(current.get())
                      : operation.call(tasksApi.updateTask(current.get().getId(), difference));
                }));
  }

  private <T> CompletableFuture<T> single(Call<T> call) {
    AsyncOperation<T> operation = new AsyncOperation<>(client.caller());
    return operation.completeFrom(operation.call(call));
  }

  private CompletableFuture<Workflow> fetchWorkflow(AsyncOperation<?> operation, long id) {
    return operation
        .call(workflowsApi.getWorkflow(id))
        .thenApply(
            workflow -> {
              client.workflowCache().put(id, workflow);
              return workflow;
            });
  }

  private CompletableFuture<Step> fetchStep(AsyncOperation<?> operation, long id) {
    return operation
        .call(workflowsApi.getStep(id))
        .thenApply(
            step -> {
              client.stepCache().put(id, step);
              return step;
            });
  }

  private CompletableFuture<Step> cachedStep(AsyncOperation<?> operation, long id) {
    Step cached = client.stepCache().get(id);
    return cached != null ? CompletableFuture.completedFuture(cached) : fetchStep(operation, id);
  }

  private CompletableFuture<Step> stepOf(AsyncOperation<?> operation, Task task) {
    long stepId = Workflows.currentStepOf(task);
    return cachedStep(operation, stepId)
        .exceptionally(
            failure -> {
              Throwable cause = unwrap(failure);
              if (cause instanceof NotFoundException) {
                throw Workflows.missingStep(task, (NotFoundException) cause);
              }
              throw failure instanceof CompletionException
                  ? (CompletionException) failure
                  : new CompletionException(failure);
            });
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
