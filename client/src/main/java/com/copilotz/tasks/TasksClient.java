package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.internal.http.OkHttpVersion;
import com.copilotz.tasks.internal.http.RetryPolicy;
import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.internal.log.SdkLogger;
import com.copilotz.tasks.internal.ops.Checks;
import com.copilotz.tasks.internal.ops.OperationName;
import com.copilotz.tasks.internal.ops.Operations;
import com.copilotz.tasks.internal.ops.WorkflowMoves;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A client for the Copilotz Tasks API.
 *
 * <pre>{@code
 * try (TasksClient client = TasksClient.builder().accessToken(System.getenv("COPILOTZ_ACCESS_TOKEN")).build()) {
 *   Task task = client.createTask(new CreateTaskRequest()
 *       .extId("SUPPORT_56789").workflow(2L).currentStep(1L).status(TaskStatus.ACTIVE)
 *       .name("Resolve Customer Issue").description("Task to resolve a customer support issue."));
 *   client.updateTask(task.getId(), new UpdateTaskRequest().status(TaskStatus.PENDING));
 * }
 * }</pre>
 *
 * <p>A client is thread-safe and meant to be shared: build one per application and close it when
 * the application stops. Every method checks its arguments before sending anything and throws
 * {@link NullPointerException} or {@link IllegalArgumentException} naming the bad one. Every
 * failure of a call is a {@link CopilotzException}: see {@link com.copilotz.tasks.errors}.
 */
public final class TasksClient implements AutoCloseable {
  /** The base URL when none is set. */
  public static final String DEFAULT_BASE_URL = "https://copilotz.com";

  /** The whole-call timeout when none is set; reads and writes may each take as long. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The connect timeout when none is set. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The longest wait a {@code Retry-After} may impose before a retry when no other cap is set. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = RetryPolicy.DEFAULT_MAX_RETRY_AFTER;

  /**
   * How many requests the SDK's own HTTP client runs at once, to the server and overall, when no
   * other number is set; as many idle connections are kept.
   */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;

  /** The number of retries when none is set. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  /** How long workflows and steps are cached when no other lifetime is set. */
  public static final Duration DEFAULT_WORKFLOW_CACHE_TTL = Duration.ofMinutes(5);

  /** The context key under which {@link #fail(long, String)} keeps the reason: {@value}. */
  public static final String FAILURE_REASON_KEY = WorkflowMoves.FAILURE_REASON_KEY;

  private final ClientCore core;
  private final AsyncTasksClient async;

  private TasksClient(ClientCore core) {
    this.core = core;
    this.async = new AsyncTasksClient(core);
  }

  /**
   * Returns a builder for a client of {@code https://copilotz.com}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a client from the environment: {@code COPILOTZ_BASE_URL} (optional), and either {@code
   * COPILOTZ_ACCESS_TOKEN} or all of {@code COPILOTZ_USERNAME}, {@code COPILOTZ_PASSWORD} and
   * {@code COPILOTZ_NAMESPACE}. Same as {@code builder().fromEnv().build()}.
   *
   * @return a new client
   * @throws IllegalStateException if the environment holds neither a token nor complete credentials
   * @throws IllegalArgumentException if {@code COPILOTZ_BASE_URL} is not an http or https URL, or
   *     is plain http to a host that is not loopback
   */
  public static TasksClient fromEnv() {
    return builder().fromEnv().build();
  }

  /**
   * Creates a task. {@code extId}, {@code name} and {@code description} are required; like the
   * agent's, a task is created {@code active} unless {@code status} says otherwise, and, when the
   * request names a {@code workflow} but no {@code currentStep}, at the workflow's first step (the
   * workflow read through the cache). An empty {@code context} is not sent (the server fails on
   * one). When it is unknown whether the server created the task (a timeout, a connection dropped
   * after the request was sent, a 502, 503 or 504), the client looks the task up by its extId
   * before sending the create again, and returns it when it is there: a create is never blindly
   * repeated. When it cannot tell, the call fails with {@link
   * com.copilotz.tasks.errors.UnconfirmedWriteException}, whose message says that the task may
   * exist and how to find it.
   *
   * @param request the task to create
   * @return the task as the server stored it, with its {@code _id}
   * @throws NullPointerException if {@code request} or one of its required fields is null
   * @throws IllegalArgumentException if {@code extId} is blank, or {@code workflow} or {@code
   *     currentStep} is not positive
   * @throws CopilotzException if the call fails
   */
  public Task createTask(CreateTaskRequest request) {
    return createTask(request, RequestOptions.NONE);
  }

  /**
   * Creates a task, as {@link #createTask(CreateTaskRequest)} does, with options for this call.
   *
   * @param request the task to create
   * @param options the options of this call
   * @return the task as the server stored it, with its {@code _id}
   * @throws NullPointerException if {@code request}, one of its required fields, or {@code options}
   *     is null
   * @throws IllegalArgumentException if {@code extId} is blank, or {@code workflow} or {@code
   *     currentStep} is not positive
   * @throws CopilotzException if the call fails
   */
  public Task createTask(CreateTaskRequest request, RequestOptions options) {
    if (Operations.startsAtTheFirstStep(request)) {
      return core.run(
          OperationName.CREATE_TASK,
          0,
          request.getExtId(),
          options,
          run -> core.operations.createTask(run, request));
    }
    return core.call(
        OperationName.CREATE_TASK,
        0,
        request == null ? null : request.getExtId(),
        options,
        Operations.CREATE_TASK,
        request);
  }

  /**
   * Retrieves a task.
   *
   * @param id the task's {@code _id}
   * @return the task
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if the call fails
   */
  public Task getTask(long id) {
    return getTask(id, RequestOptions.NONE);
  }

  /**
   * Retrieves a task, with options for this call.
   *
   * @param id the task's {@code _id}
   * @param options the options of this call
   * @return the task
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if the call fails
   */
  public Task getTask(long id, RequestOptions options) {
    return core.call(OperationName.GET_TASK, id, null, options, Operations.GET_TASK, null);
  }

  /**
   * Retrieves a task with some of its references sent whole, in the same request ({@code
   * _populate}): read them with {@link Task#populatedWorkflow()} and {@link
   * Task#populatedCurrentStep()}; {@link Task#getWorkflow()} and {@link Task#getCurrentStep()}
   * still return the ids.
   *
   * <pre>{@code
   * Task task = client.getTask(42, Populate.WORKFLOW, Populate.CURRENT_STEP);
   * }</pre>
   *
   * @param id the task's {@code _id}
   * @param populate a reference to send whole
   * @param more more references to send whole
   * @return the task
   * @throws NullPointerException if a reference is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if the call fails
   */
  public Task getTask(long id, Populate populate, Populate... more) {
    return getTask(id, RequestOptions.NONE, populate, more);
  }

  /**
   * Retrieves a task with some of its references sent whole, as {@link #getTask(long, Populate,
   * Populate...)} does, with options for this call.
   *
   * @param id the task's {@code _id}
   * @param options the options of this call
   * @param populate a reference to send whole
   * @param more more references to send whole
   * @return the task
   * @throws NullPointerException if {@code options} or a reference is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if the call fails
   */
  public Task getTask(long id, RequestOptions options, Populate populate, Populate... more) {
    return core.call(
        OperationName.GET_TASK,
        id,
        null,
        options,
        Operations.GET_TASK_POPULATED,
        Operations.references(populate, more));
  }

  /**
   * Updates the fields of a task that {@code request} sets, and only those: the server keeps every
   * field not sent, and merges {@code context} key by key into the stored one (each top-level key
   * sent replaces that key). Null fields and an empty {@code context} are never sent.
   *
   * @param id the task's {@code _id}
   * @param request the fields to change
   * @return the task as stored after the update
   * @throws NullPointerException if {@code request} is null
   * @throws IllegalArgumentException if {@code id} is not positive, {@code request} sets no field,
   *     sets a blank {@code extId}, or a {@code workflow} or {@code currentStep} that is not
   *     positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if the call fails
   */
  public Task updateTask(long id, UpdateTaskRequest request) {
    return updateTask(id, request, RequestOptions.NONE);
  }

  /**
   * Updates the fields of a task that {@code request} sets, as {@link #updateTask(long,
   * UpdateTaskRequest)} does, with options for this call.
   *
   * @param id the task's {@code _id}
   * @param request the fields to change
   * @param options the options of this call
   * @return the task as stored after the update
   * @throws NullPointerException if {@code request} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive, {@code request} sets no field,
   *     sets a blank {@code extId}, or a {@code workflow} or {@code currentStep} that is not
   *     positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if the call fails
   */
  public Task updateTask(long id, UpdateTaskRequest request, RequestOptions options) {
    return core.call(OperationName.UPDATE_TASK, id, null, options, Operations.UPDATE_TASK, request);
  }

  /**
   * Deletes a task. The server answers the same whether or not the task existed, so deleting a
   * missing task is not an error.
   *
   * @param id the task's {@code _id}
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws CopilotzException if the call fails
   */
  public void deleteTask(long id) {
    deleteTask(id, RequestOptions.NONE);
  }

  /**
   * Deletes a task, with options for this call.
   *
   * @param id the task's {@code _id}
   * @param options the options of this call
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws CopilotzException if the call fails
   */
  public void deleteTask(long id, RequestOptions options) {
    core.run(
        OperationName.DELETE_TASK, id, null, options, run -> core.operations.deleteTask(run, id));
  }

  /**
   * Lists the tasks that match every filter of {@code query}, as a lazy stream: pages are fetched
   * only as the stream is consumed, {@code query.pageSize()} tasks at a time, and no task is
   * returned twice. Failures are thrown from the stream's terminal operation.
   *
   * @param query the filters and page size
   * @return the matching tasks, in the server's order
   * @throws NullPointerException if {@code query} is null
   * @throws CopilotzException from the terminal operation, if a page cannot be fetched
   */
  public Stream<Task> listTasks(TaskQuery query) {
    return listTasks(query, RequestOptions.NONE);
  }

  /**
   * Lists the tasks that match {@code query}, as {@link #listTasks(TaskQuery)} does, with options
   * for each page's call.
   *
   * @param query the filters and page size
   * @param options the options of each call
   * @return the matching tasks, in the server's order
   * @throws NullPointerException if {@code query} or {@code options} is null
   * @throws CopilotzException from the terminal operation, if a page cannot be fetched
   */
  public Stream<Task> listTasks(TaskQuery query, RequestOptions options) {
    return core.stream(OperationName.LIST_TASKS, options, query);
  }

  /**
   * Retrieves a workflow, and refreshes the client's cache of it.
   *
   * @param id the workflow's {@code _id}
   * @return the workflow
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such workflow
   * @throws CopilotzException if the call fails
   */
  public Workflow getWorkflow(long id) {
    return getWorkflow(id, RequestOptions.NONE);
  }

  /**
   * Retrieves a workflow, with options for this call.
   *
   * @param id the workflow's {@code _id}
   * @param options the options of this call
   * @return the workflow
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such workflow
   * @throws CopilotzException if the call fails
   */
  public Workflow getWorkflow(long id, RequestOptions options) {
    return core.run(
        OperationName.GET_WORKFLOW, 0, null, options, run -> core.operations.getWorkflow(run, id));
  }

  /**
   * Retrieves a step of a workflow, and refreshes the client's cache of it.
   *
   * @param id the step's {@code _id}
   * @return the step
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such step
   * @throws CopilotzException if the call fails
   */
  public Step getStep(long id) {
    return getStep(id, RequestOptions.NONE);
  }

  /**
   * Retrieves a step of a workflow, with options for this call.
   *
   * @param id the step's {@code _id}
   * @param options the options of this call
   * @return the step
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such step
   * @throws CopilotzException if the call fails
   */
  public Step getStep(long id, RequestOptions options) {
    return core.run(
        OperationName.GET_STEP, 0, null, options, run -> core.operations.getStep(run, id));
  }

  /**
   * Moves a task to the next step of its workflow, as the Copilotz agent does: reads the task and
   * its current step, then, in one PUT, sets {@code currentStep} to the step's {@code next} and
   * {@code status} to active, or, when the step has no {@code next}, sets {@code status} to
   * completed and leaves the step.
   *
   * @param id the task's {@code _id}
   * @return the task as stored after the move
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.WorkflowException if the task has no {@code workflow} or
   *     {@code currentStep}, or its step does not exist; nothing is written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task advance(long id) {
    return advance(id, Map.of(), RequestOptions.NONE);
  }

  /**
   * Moves a task to the next step of its workflow, as {@link #advance(long)} does, with options for
   * each of its calls.
   *
   * @param id the task's {@code _id}
   * @param options the options of each call
   * @return the task as stored after the move
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.WorkflowException if the task has no {@code workflow} or
   *     {@code currentStep}, or its step does not exist; nothing is written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task advance(long id, RequestOptions options) {
    return advance(id, Map.of(), options);
  }

  /**
   * Moves a task to the next step of its workflow, as {@link #advance(long)} does, and merges
   * {@code contextPatch} into its context in the same PUT (each top-level key replaces the stored
   * one).
   *
   * @param id the task's {@code _id}
   * @param contextPatch the context keys to set; may be empty
   * @return the task as stored after the move
   * @throws NullPointerException if {@code contextPatch} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.WorkflowException if the task has no {@code workflow} or
   *     {@code currentStep}, or its step does not exist; nothing is written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task advance(long id, Map<String, ?> contextPatch) {
    return advance(id, contextPatch, RequestOptions.NONE);
  }

  /**
   * Moves a task to the next step of its workflow and merges {@code contextPatch} into its context,
   * as {@link #advance(long, Map)} does, with options for each of its calls.
   *
   * @param id the task's {@code _id}
   * @param contextPatch the context keys to set; may be empty
   * @param options the options of each call
   * @return the task as stored after the move
   * @throws NullPointerException if {@code contextPatch} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.WorkflowException if the task has no {@code workflow} or
   *     {@code currentStep}, or its step does not exist; nothing is written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task advance(long id, Map<String, ?> contextPatch, RequestOptions options) {
    return core.run(
        OperationName.ADVANCE,
        id,
        null,
        options,
        run -> core.operations.advance(run, id, null, contextPatch));
  }

  /**
   * Marks a task completed, in one PUT that changes nothing else.
   *
   * @param id the task's {@code _id}
   * @return the task as stored after the change
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if the call fails
   */
  public Task complete(long id) {
    return complete(id, RequestOptions.NONE);
  }

  /**
   * Marks a task completed, with options for this call.
   *
   * @param id the task's {@code _id}
   * @param options the options of this call
   * @return the task as stored after the change
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if the call fails
   */
  public Task complete(long id, RequestOptions options) {
    return core.call(OperationName.COMPLETE, id, null, options, Operations.COMPLETE, null);
  }

  /**
   * Marks a task failed, as the Copilotz agent does: reads the task and its current step, then, in
   * one PUT, sets {@code status} to failed, moves the task to the step's {@code failedNext} when it
   * has one, and keeps {@code reason} in the context under {@value #FAILURE_REASON_KEY}.
   *
   * @param id the task's {@code _id}
   * @param reason why the task failed
   * @return the task as stored after the change
   * @throws NullPointerException if {@code reason} is null
   * @throws IllegalArgumentException if {@code id} is not positive or {@code reason} is blank
   * @throws com.copilotz.tasks.errors.WorkflowException if the task has no {@code workflow} or
   *     {@code currentStep}, or its step does not exist; nothing is written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task fail(long id, String reason) {
    return fail(id, reason, RequestOptions.NONE);
  }

  /**
   * Marks a task failed, as {@link #fail(long, String)} does, with options for each of its calls.
   *
   * @param id the task's {@code _id}
   * @param reason why the task failed
   * @param options the options of each call
   * @return the task as stored after the change
   * @throws NullPointerException if {@code reason} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive or {@code reason} is blank
   * @throws com.copilotz.tasks.errors.WorkflowException if the task has no {@code workflow} or
   *     {@code currentStep}, or its step does not exist; nothing is written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task fail(long id, String reason, RequestOptions options) {
    return core.run(
        OperationName.FAIL, id, null, options, run -> core.operations.fail(run, id, null, reason));
  }

  /**
   * Marks a task cancelled, in one PUT that changes nothing else.
   *
   * @param id the task's {@code _id}
   * @return the task as stored after the change
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if the call fails
   */
  public Task cancel(long id) {
    return cancel(id, RequestOptions.NONE);
  }

  /**
   * Marks a task cancelled, with options for this call.
   *
   * @param id the task's {@code _id}
   * @param options the options of this call
   * @return the task as stored after the change
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if the call fails
   */
  public Task cancel(long id, RequestOptions options) {
    return core.call(OperationName.CANCEL, id, null, options, Operations.CANCEL, null);
  }

  // ----- following the agent: guarded moves and waits

  /**
   * Moves a task to the next step of its workflow, as {@link #advance(long)} does, only if it is
   * where {@code expected} says: the task is read first, and when the agent (or anyone) has moved
   * it elsewhere, nothing is written and {@link com.copilotz.tasks.errors.TaskMovedException} names
   * both places. The server has no conditional update, so this narrows the window in which a move
   * can undo another one (between the read and the PUT), and does not close it.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @return the task as stored after the move
   * @throws NullPointerException if {@code expected} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.TaskMovedException if the task is elsewhere; nothing is
   *     written then
   * @throws com.copilotz.tasks.errors.WorkflowException if the task has no {@code workflow} or
   *     {@code currentStep}, or its step does not exist; nothing is written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task advance(long id, At expected) {
    return advance(id, expected, Map.of(), RequestOptions.NONE);
  }

  /**
   * Moves a task to the next step and merges {@code contextPatch} into its context, as {@link
   * #advance(long, Map)} does, only if it is where {@code expected} says (see {@link #advance(long,
   * At)}).
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @param contextPatch the context keys to set; may be empty
   * @return the task as stored after the move
   * @throws NullPointerException if {@code expected} or {@code contextPatch} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.TaskMovedException if the task is elsewhere; nothing is
   *     written then
   * @throws com.copilotz.tasks.errors.WorkflowException if the task has no {@code workflow} or
   *     {@code currentStep}, or its step does not exist; nothing is written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task advance(long id, At expected, Map<String, ?> contextPatch) {
    return advance(id, expected, contextPatch, RequestOptions.NONE);
  }

  /**
   * As {@link #advance(long, At, Map)}, with options for each of its calls.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @param contextPatch the context keys to set; may be empty
   * @param options the options of each call
   * @return the task as stored after the move
   * @throws NullPointerException if {@code expected}, {@code contextPatch} or {@code options} is
   *     null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.TaskMovedException if the task is elsewhere; nothing is
   *     written then
   * @throws com.copilotz.tasks.errors.WorkflowException if the task has no {@code workflow} or
   *     {@code currentStep}, or its step does not exist; nothing is written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task advance(long id, At expected, Map<String, ?> contextPatch, RequestOptions options) {
    return core.run(
        OperationName.ADVANCE,
        id,
        null,
        options,
        run ->
            core.operations.advance(
                run, id, Objects.requireNonNull(expected, "expected"), contextPatch));
  }

  /**
   * Marks a task failed, as {@link #fail(long, String)} does, only if it is where {@code expected}
   * says (see {@link #advance(long, At)}).
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @param reason why the task failed
   * @return the task as stored after the change
   * @throws NullPointerException if {@code expected} or {@code reason} is null
   * @throws IllegalArgumentException if {@code id} is not positive or {@code reason} is blank
   * @throws com.copilotz.tasks.errors.TaskMovedException if the task is elsewhere; nothing is
   *     written then
   * @throws com.copilotz.tasks.errors.WorkflowException if the task has no {@code workflow} or
   *     {@code currentStep}, or its step does not exist; nothing is written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task fail(long id, At expected, String reason) {
    return fail(id, expected, reason, RequestOptions.NONE);
  }

  /**
   * As {@link #fail(long, At, String)}, with options for each of its calls.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @param reason why the task failed
   * @param options the options of each call
   * @return the task as stored after the change
   * @throws NullPointerException if {@code expected}, {@code reason} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive or {@code reason} is blank
   * @throws com.copilotz.tasks.errors.TaskMovedException if the task is elsewhere; nothing is
   *     written then
   * @throws com.copilotz.tasks.errors.WorkflowException if the task has no {@code workflow} or
   *     {@code currentStep}, or its step does not exist; nothing is written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task fail(long id, At expected, String reason, RequestOptions options) {
    return core.run(
        OperationName.FAIL,
        id,
        null,
        options,
        run -> core.operations.fail(run, id, Objects.requireNonNull(expected, "expected"), reason));
  }

  /**
   * Marks a task completed only if it is where {@code expected} says: reads it, then sets its
   * {@code status} to completed in one PUT (see {@link #advance(long, At)} for what the check does
   * and does not promise).
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @return the task as stored after the change
   * @throws NullPointerException if {@code expected} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.TaskMovedException if the task is elsewhere; nothing is
   *     written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task complete(long id, At expected) {
    return complete(id, expected, RequestOptions.NONE);
  }

  /**
   * As {@link #complete(long, At)}, with options for each of its calls.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @param options the options of each call
   * @return the task as stored after the change
   * @throws NullPointerException if {@code expected} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.TaskMovedException if the task is elsewhere; nothing is
   *     written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task complete(long id, At expected, RequestOptions options) {
    return core.run(
        OperationName.COMPLETE,
        id,
        null,
        options,
        run -> core.operations.complete(run, id, expected));
  }

  /**
   * Marks a task cancelled only if it is where {@code expected} says: reads it first and writes
   * nothing when it is elsewhere (the agent moved it meanwhile), so a cancel never undoes a move
   * the caller did not see.
   *
   * <pre>{@code
   * client.cancel(taskId, At.step(2));
   * }</pre>
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @return the task as stored after the change
   * @throws NullPointerException if {@code expected} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.TaskMovedException if the task is elsewhere; nothing is
   *     written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task cancel(long id, At expected) {
    return cancel(id, expected, RequestOptions.NONE);
  }

  /**
   * As {@link #cancel(long, At)}, with options for each of its calls.
   *
   * @param id the task's {@code _id}
   * @param expected where the task should be
   * @param options the options of each call
   * @return the task as stored after the change
   * @throws NullPointerException if {@code expected} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.TaskMovedException if the task is elsewhere; nothing is
   *     written then
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such task
   * @throws CopilotzException if a call fails
   */
  public Task cancel(long id, At expected, RequestOptions options) {
    return core.run(
        OperationName.CANCEL, id, null, options, run -> core.operations.cancel(run, id, expected));
  }

  /**
   * Waits for a task to meet {@code until}: reads it every poll interval (growing while it does not
   * change, see {@link Until}) until it has a status or step that ends the wait, and returns it as
   * read then. Blocks the calling thread; {@code async().awaitTask(..)} waits without one.
   *
   * <p>A read that fails in a way that may pass (a 429, a 5xx, no answer) does not end the wait:
   * the next read comes after the server's {@code Retry-After} or a backoff. Interrupting the
   * thread ends the wait at once with a {@link com.copilotz.tasks.errors.CopilotzIOException}, its
   * interrupt flag kept.
   *
   * <pre>{@code
   * Task done = client.awaitTask(taskId, Until.completed().timeout(Duration.ofMinutes(10)));
   * }</pre>
   *
   * @param id the task's {@code _id}
   * @param until what to wait for, and for how long
   * @return the task as read when it met the condition
   * @throws NullPointerException if {@code until} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.WaitTimeoutException if the time ran out first; it carries
   *     the task as last read, and the task still runs on the server
   * @throws com.copilotz.tasks.errors.WaitFailedException if the task reached a status or step that
   *     {@code until} names as a failure
   * @throws com.copilotz.tasks.errors.NotFoundException if the task is gone
   * @throws CopilotzException if a read fails in a way that will not pass (such as a 401 or 403)
   */
  public Task awaitTask(long id, Until until) {
    return awaitTask(id, until, RequestOptions.NONE);
  }

  /**
   * As {@link #awaitTask(long, Until)}, with options for each read (a read's timeout is never
   * longer than what is left of the wait, and each read is a single attempt: the wait itself reads
   * again).
   *
   * @param id the task's {@code _id}
   * @param until what to wait for, and for how long
   * @param options the options of each read
   * @return the task as read when it met the condition
   * @throws NullPointerException if {@code until} or {@code options} is null
   * @throws IllegalArgumentException if {@code id} is not positive
   * @throws com.copilotz.tasks.errors.WaitTimeoutException if the time ran out first
   * @throws com.copilotz.tasks.errors.WaitFailedException if the task reached a failure condition
   * @throws com.copilotz.tasks.errors.NotFoundException if the task is gone
   * @throws CopilotzException if a read fails in a way that will not pass
   */
  public Task awaitTask(long id, Until until, RequestOptions options) {
    return core.run(
        OperationName.AWAIT_TASK,
        id,
        null,
        options,
        run -> core.operations.awaitTask(run, id, until));
  }

  /**
   * Creates a task, as {@link #createTask(CreateTaskRequest)} does, then waits for it to meet
   * {@code until}, as {@link #awaitTask(long, Until)} does; the wait's timeout counts from the
   * create's answer. For a task the agent works from creation to completion.
   *
   * @param request the task to create
   * @param until what to wait for, and for how long
   * @return the task as read when it met the condition
   * @throws NullPointerException if {@code request}, one of its required fields, or {@code until}
   *     is null
   * @throws IllegalArgumentException if a required field is blank, or {@code workflow} or {@code
   *     currentStep} is not positive
   * @throws com.copilotz.tasks.errors.WaitTimeoutException if the time ran out first; the task was
   *     created and still runs on the server
   * @throws com.copilotz.tasks.errors.WaitFailedException if the task reached a failure condition
   * @throws CopilotzException if the create fails, or a read fails in a way that will not pass
   */
  public Task createAndAwait(CreateTaskRequest request, Until until) {
    return createAndAwait(request, until, RequestOptions.NONE);
  }

  /**
   * As {@link #createAndAwait(CreateTaskRequest, Until)}, with options for the create and each
   * read.
   *
   * @param request the task to create
   * @param until what to wait for, and for how long
   * @param options the options of each call
   * @return the task as read when it met the condition
   * @throws NullPointerException if {@code request}, one of its required fields, {@code until} or
   *     {@code options} is null
   * @throws IllegalArgumentException if a required field is blank, or {@code workflow} or {@code
   *     currentStep} is not positive
   * @throws com.copilotz.tasks.errors.WaitTimeoutException if the time ran out first
   * @throws com.copilotz.tasks.errors.WaitFailedException if the task reached a failure condition
   * @throws CopilotzException if the create fails, or a read fails in a way that will not pass
   */
  public Task createAndAwait(CreateTaskRequest request, Until until, RequestOptions options) {
    return core.run(
        OperationName.CREATE_AND_AWAIT,
        0,
        request == null ? null : request.getExtId(),
        options,
        run -> core.operations.createAndAwait(run, request, until));
  }

  /**
   * Returns the steps of a workflow in the order a task meets them: {@code firstStep}, then each
   * step's {@code next}. Workflows and steps are cached (see {@link
   * Builder#workflowCacheTtl(Duration)}).
   *
   * @param workflowId the workflow's {@code _id}
   * @return the steps, empty when the workflow has no {@code firstStep}
   * @throws IllegalArgumentException if {@code workflowId} is not positive
   * @throws com.copilotz.tasks.errors.WorkflowException if the chain loops or a {@code next} points
   *     to a step that does not exist
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such workflow
   * @throws CopilotzException if a call fails
   */
  public List<Step> workflowSteps(long workflowId) {
    return workflowSteps(workflowId, RequestOptions.NONE);
  }

  /**
   * Returns the steps of a workflow in order, as {@link #workflowSteps(long)} does, with options
   * for each call it makes.
   *
   * @param workflowId the workflow's {@code _id}
   * @param options the options of each call
   * @return the steps, empty when the workflow has no {@code firstStep}
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalArgumentException if {@code workflowId} is not positive
   * @throws com.copilotz.tasks.errors.WorkflowException if the chain loops or a {@code next} points
   *     to a step that does not exist
   * @throws com.copilotz.tasks.errors.NotFoundException if there is no such workflow
   * @throws CopilotzException if a call fails
   */
  public List<Step> workflowSteps(long workflowId, RequestOptions options) {
    return core.run(
        OperationName.WORKFLOW_STEPS,
        0,
        null,
        options,
        run -> core.operations.workflowSteps(run, workflowId));
  }

  /**
   * Finds the task linked to an external record. When several tasks share the extId, returns the
   * one with the newest {@code updatedAt} (then the highest {@code _id}), as the Copilotz agent
   * picks.
   *
   * @param extId the external id
   * @return the task, or empty when none has this extId
   * @throws NullPointerException if {@code extId} is null
   * @throws IllegalArgumentException if {@code extId} is blank
   * @throws CopilotzException if a call fails
   */
  public Optional<Task> findByExtId(String extId) {
    return findByExtId(extId, RequestOptions.NONE);
  }

  /**
   * Finds the task linked to an external record, as {@link #findByExtId(String)} does, with options
   * for each call it makes.
   *
   * @param extId the external id
   * @param options the options of each call
   * @return the task, or empty when none has this extId
   * @throws NullPointerException if {@code extId} or {@code options} is null
   * @throws IllegalArgumentException if {@code extId} is blank
   * @throws CopilotzException if a call fails
   */
  public Optional<Task> findByExtId(String extId, RequestOptions options) {
    return core.run(
        OperationName.FIND_BY_EXT_ID,
        0,
        extId,
        options,
        run -> core.operations.findByExtId(run, extId));
  }

  /**
   * Makes the server hold the task {@code desired} describes, found by its extId: creates it when
   * no task has the extId; otherwise updates only the fields that differ (and, of the context, only
   * the keys whose values differ, merged into the stored context); sends nothing when nothing
   * differs. Two calls racing on one extId may both create: the server has no unique extId.
   *
   * @param desired the task as it should be; {@code extId}, {@code status}, {@code name} and {@code
   *     description} are required
   * @return the task as stored
   * @throws NullPointerException if {@code desired} or one of its required fields is null
   * @throws IllegalArgumentException if {@code extId} is blank, or {@code workflow} or {@code
   *     currentStep} is not positive
   * @throws CopilotzException if a call fails
   */
  public Task upsertByExtId(CreateTaskRequest desired) {
    return upsertByExtId(desired, RequestOptions.NONE);
  }

  /**
   * Creates or updates the task {@code desired} describes, as {@link
   * #upsertByExtId(CreateTaskRequest)} does, with options for each call it makes.
   *
   * @param desired the task as it should be
   * @param options the options of each call
   * @return the task as stored
   * @throws NullPointerException if {@code desired}, one of its required fields, or {@code options}
   *     is null
   * @throws IllegalArgumentException if {@code extId} is blank, or {@code workflow} or {@code
   *     currentStep} is not positive
   * @throws CopilotzException if a call fails
   */
  public Task upsertByExtId(CreateTaskRequest desired, RequestOptions options) {
    return core.run(
        OperationName.UPSERT_BY_EXT_ID,
        0,
        desired == null ? null : desired.getExtId(),
        options,
        run -> core.operations.upsertByExtId(run, desired));
  }

  /**
   * Returns a client with other defaults, sharing this client's connections, threads and tokens
   * (and its cache of workflows and steps when its lifetime is not changed). {@code modifier} is
   * given a builder set as this client was built; what it changes applies to the new client only.
   * Closing the new client does not close what it shares; closing this one closes it for both.
   *
   * <pre>{@code
   * TasksClient patient = client.withOptions(options -> options.maxRetries(5).timeout(Duration.ofMinutes(2)));
   * }</pre>
   *
   * @param modifier changes the new client's settings
   * @return the new client
   * @throws NullPointerException if {@code modifier} is null
   * @throws IllegalStateException if this client is closed
   * @throws IllegalArgumentException as {@link Builder#build()} would, for settings the modifier
   *     made
   */
  public TasksClient withOptions(Consumer<Builder> modifier) {
    Objects.requireNonNull(modifier, "modifier");
    core.ensureOpen(RequestOptions.NONE);
    Builder builder = core.settings().derivedFrom(core);
    modifier.accept(builder);
    return builder.build();
  }

  /**
   * Returns the asynchronous view of this client: the same methods, returning {@link
   * java.util.concurrent.CompletableFuture}s, over the same connections, tokens and caches.
   *
   * @return the asynchronous client; closing this client closes it too
   */
  public AsyncTasksClient async() {
    return async;
  }

  /**
   * Starts configuring a watch of the tasks {@code query} matches: once started, it lists them
   * every interval and tells its listener what changed (see {@link TaskWatch}). For the tasks the
   * agent works, scope the query (a workflow, a step, a status): every listing reads the whole
   * filtered set.
   *
   * <pre>{@code
   * TaskWatch watch = client.watch(TaskQuery.builder().workflow(2).build())
   *     .interval(Duration.ofSeconds(10))
   *     .start(event -> log.info("{}", event));
   * }</pre>
   *
   * @param query which tasks to watch
   * @return a builder for the watch
   * @throws NullPointerException if {@code query} is null
   */
  public TaskWatch.Builder watch(TaskQuery query) {
    return new TaskWatch.Builder(core, query);
  }

  /**
   * Starts configuring a worker that owns step {@code stepId}: once started, it hands each task
   * waiting at the step (with status {@code active}, by default) to a {@link StepHandler}, and
   * writes the move the handler decides with a guarded move (see {@link StepWorker}).
   *
   * <pre>{@code
   * StepWorker worker = client.stepWorker(emailStepId)
   *     .concurrency(8)
   *     .start(task -> StepAction.advance(Map.of("emailSent", true)));
   * }</pre>
   *
   * @param stepId the step's {@code _id}
   * @return a builder for the worker
   * @throws IllegalArgumentException if {@code stepId} is not positive
   */
  public StepWorker.Builder stepWorker(long stepId) {
    return new StepWorker.Builder(core, stepId);
  }

  /**
   * Starts configuring a bulk sync that makes the server's tasks match desired ones, by extId, on
   * this client.
   *
   * @return a builder for a {@link TaskSync}
   */
  public TaskSync.Builder taskSync() {
    return new TaskSync.Builder(core);
  }

  /**
   * Returns the observer this client reports its operations to, as set by {@link
   * Builder#observer(TasksObserver)}; integrations built over the client (the MCP server) report
   * their own operations to it too.
   *
   * @return the observer, or empty when none was set
   */
  public Optional<TasksObserver> observer() {
    return Optional.ofNullable(core.observer);
  }

  /**
   * Closes the client. When the client built its own HTTP client, this stops its threads and closes
   * its idle connections, so a program can exit at once; an HTTP client passed to {@link
   * Builder#okHttpClient(OkHttpClient)} is left as it was, since its owner may still use it. Calls
   * made after closing throw {@link IllegalStateException}. Closing twice does nothing.
   */
  @Override
  public void close() {
    core.close();
  }

  /**
   * Describes the client by its base URL and kind of authentication; never shows a token or
   * password.
   */
  @Override
  public String toString() {
    return "TasksClient[baseUrl=" + core.baseUrl() + ", auth=" + core.authKind() + "]";
  }

  /** The core this client shares with its async view and its syncs. */
  ClientCore core() {
    return core;
  }

  /**
   * Configures a {@link TasksClient}. Of {@link #accessToken}, {@link #credentials} and {@link
   * #tokenProvider}, the last one called wins.
   */
  public static final class Builder {
    // Read by ClientCore, which builds the client from them.
    HttpUrl baseUrl = HttpUrl.get(DEFAULT_BASE_URL + "/");
    String accessToken;
    String username;
    String password;
    String namespace;
    TokenProvider tokenProvider;
    int maxRetries = DEFAULT_MAX_RETRIES;
    Duration timeout;
    Duration totalTimeout;
    Duration connectTimeout;
    Duration readTimeout;
    Duration writeTimeout;
    Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
    Integer maxConcurrentRequests;
    LogLevel logLevel = LogLevel.OFF;
    OkHttpClient okHttpClient;
    ObjectMapper objectMapper;
    Duration workflowCacheTtl = DEFAULT_WORKFLOW_CACHE_TTL;
    Clock clock = Clock.systemUTC();
    Sleeper sleeper = Sleeper.REAL;
    TasksObserver observer;

    /**
     * For a client derived with withOptions: the core it shares connections, threads and tokens
     * with.
     */
    ClientCore parent;

    /**
     * Whether the derived client keeps the parent's tokens: until an authentication setter is
     * called.
     */
    boolean keepsParentTokens;

    private Builder() {}

    /** A builder set as {@code other} is, for a client derived with {@code withOptions}. */
    Builder(Builder other) {
      baseUrl = other.baseUrl;
      accessToken = other.accessToken;
      username = other.username;
      password = other.password;
      namespace = other.namespace;
      tokenProvider = other.tokenProvider;
      maxRetries = other.maxRetries;
      timeout = other.timeout;
      totalTimeout = other.totalTimeout;
      connectTimeout = other.connectTimeout;
      readTimeout = other.readTimeout;
      writeTimeout = other.writeTimeout;
      maxRetryAfter = other.maxRetryAfter;
      maxConcurrentRequests = other.maxConcurrentRequests;
      logLevel = other.logLevel;
      okHttpClient = other.okHttpClient;
      objectMapper = other.objectMapper;
      workflowCacheTtl = other.workflowCacheTtl;
      clock = other.clock;
      sleeper = other.sleeper;
      observer = other.observer;
    }

    /**
     * Sets the server to call; {@value TasksClient#DEFAULT_BASE_URL} when not set. A path prefix is
     * kept: {@code https://example.com/copilotz} calls {@code
     * https://example.com/copilotz/rest/tasks}.
     *
     * @param baseUrl an http or https URL
     * @return this builder
     * @throws NullPointerException if {@code baseUrl} is null
     * @throws IllegalArgumentException if {@code baseUrl} is not an http or https URL
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      HttpUrl parsed = HttpUrl.parse(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
      if (parsed == null) {
        throw new IllegalArgumentException("baseUrl is not an http or https URL: " + baseUrl);
      }
      this.baseUrl = parsed;
      return this;
    }

    /**
     * Authenticates every call with this bearer token. A token cannot be refreshed: when it
     * expires, calls fail with {@link com.copilotz.tasks.errors.AuthenticationException}.
     *
     * @param accessToken the token, such as {@code tk_...}
     * @return this builder
     * @throws NullPointerException if {@code accessToken} is null
     * @throws IllegalArgumentException if {@code accessToken} is blank
     */
    public Builder accessToken(String accessToken) {
      Checks.requireNonBlank(accessToken, "accessToken");
      clearAuth();
      this.accessToken = accessToken;
      return this;
    }

    /**
     * Logs in at {@code /api/auth/login} with these credentials on the first call, reuses the token
     * until shortly before it expires, then logs in again. Threads that need a token at the same
     * time share one login. Wrong credentials fail the call with {@link
     * com.copilotz.tasks.errors.AuthenticationException}.
     *
     * @param username the user name
     * @param password the password
     * @param namespace the namespace
     * @return this builder
     * @throws NullPointerException if any argument is null
     * @throws IllegalArgumentException if any argument is blank
     */
    public Builder credentials(String username, String password, String namespace) {
      Checks.requireNonBlank(username, "username");
      Checks.requireNonBlank(password, "password");
      Checks.requireNonBlank(namespace, "namespace");
      clearAuth();
      this.username = username;
      this.password = password;
      this.namespace = namespace;
      return this;
    }

    /**
     * Takes tokens from {@code tokenProvider}: asked before every call, told when the server
     * rejects one.
     *
     * @param tokenProvider the source of tokens
     * @return this builder
     * @throws NullPointerException if {@code tokenProvider} is null
     */
    public Builder tokenProvider(TokenProvider tokenProvider) {
      Objects.requireNonNull(tokenProvider, "tokenProvider");
      clearAuth();
      this.tokenProvider = tokenProvider;
      return this;
    }

    /**
     * Sets how many times a failed call may be retried; {@value TasksClient#DEFAULT_MAX_RETRIES}
     * when not set, 0 disables retries. GET, PUT and DELETE are retried after a failed connection
     * and after 408, 429, 500, 502, 503 and 504; a create only when the server cannot have acted on
     * it (no connection, or 429). The wait doubles from half a second up to 8 seconds, or is the
     * server's {@code Retry-After}.
     *
     * @param maxRetries the number of retries
     * @return this builder
     * @throws IllegalArgumentException if {@code maxRetries} is negative
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets how long each attempt of a call may take as a whole (OkHttp's call timeout); 60 seconds
     * when not set. Reads and writes may each take as long unless {@link #readTimeout} or {@link
     * #writeTimeout} say otherwise. An attempt that times out, whichever of these fired, failed as
     * any attempt without an answer does: it is retried, settled or raised as the README's retries
     * section says, the same way every time; see {@link #totalTimeout} for the whole call.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.requirePositive(timeout, "timeout");
      return this;
    }

    /**
     * Bounds each call as a whole: its attempts, the waits between them (a server's {@code
     * Retry-After} included) and the read that settles a write whose answer was lost; no bound but
     * {@link #maxRetries} when not set. No retry starts that could not end in time, and the last
     * attempt gets only what is left; the clock is the client's. When it is over, the call fails
     * with a {@link com.copilotz.tasks.errors.CopilotzTimeoutException}, or, for a write it leaves
     * unconfirmed, an {@link com.copilotz.tasks.errors.UnconfirmedWriteException}.
     *
     * @param totalTimeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code totalTimeout} is null
     * @throws IllegalArgumentException if {@code totalTimeout} is zero or negative
     */
    public Builder totalTimeout(Duration totalTimeout) {
      this.totalTimeout = Checks.requirePositive(totalTimeout, "totalTimeout");
      return this;
    }

    /**
     * Sets how long connecting to the server may take; 10 seconds when not set.
     *
     * @param connectTimeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code connectTimeout} is null
     * @throws IllegalArgumentException if {@code connectTimeout} is zero or negative
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Checks.requirePositive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long the client may wait for the server to send the next bytes of an answer; the
     * whole-call {@link #timeout} when not set.
     *
     * @param readTimeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code readTimeout} is null
     * @throws IllegalArgumentException if {@code readTimeout} is zero or negative
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = Checks.requirePositive(readTimeout, "readTimeout");
      return this;
    }

    /**
     * Sets how long the client may wait to send the next bytes of a request; the whole-call {@link
     * #timeout} when not set.
     *
     * @param writeTimeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code writeTimeout} is null
     * @throws IllegalArgumentException if {@code writeTimeout} is zero or negative
     */
    public Builder writeTimeout(Duration writeTimeout) {
      this.writeTimeout = Checks.requirePositive(writeTimeout, "writeTimeout");
      return this;
    }

    /**
     * Caps the wait a server's {@code Retry-After} may impose before a retry; 60 seconds when not
     * set. A longer {@code Retry-After} is waited for this long.
     *
     * @param maxRetryAfter a positive duration
     * @return this builder
     * @throws NullPointerException if {@code maxRetryAfter} is null
     * @throws IllegalArgumentException if {@code maxRetryAfter} is zero or negative
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = Checks.requirePositive(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /**
     * Sets how many requests the client runs at once, to the server and overall; {@value
     * TasksClient#DEFAULT_MAX_CONCURRENT_REQUESTS} when not set. Asynchronous calls beyond it wait
     * in OkHttp's dispatcher queue until one ends; the SDK's own HTTP client keeps as many idle
     * connections. With {@link #okHttpClient(OkHttpClient)}, the client keeps that client's
     * dispatcher (OkHttp's default runs 5 requests per host) unless this is set: then the SDK's
     * calls get a dispatcher of their own with this limit, on that client's threads, and that
     * client's own dispatcher is not changed. Against copilotz.com, more requests at once can meet
     * its rate limit sooner: the 429s are retried, after the server's {@code Retry-After}, and slow
     * the calls down rather than fail them while retries last.
     *
     * @param maxConcurrentRequests at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxConcurrentRequests} is less than 1
     */
    public Builder maxConcurrentRequests(int maxConcurrentRequests) {
      if (maxConcurrentRequests < 1) {
        throw new IllegalArgumentException(
            "maxConcurrentRequests must be at least 1, was " + maxConcurrentRequests);
      }
      this.maxConcurrentRequests = maxConcurrentRequests;
      return this;
    }

    /**
     * Sets how much the client's request log says, through {@link System.Logger} {@code
     * com.copilotz.tasks.http}; {@link LogLevel#OFF} when not set (or {@code COPILOTZ_LOG} with
     * {@link #fromEnv()}).
     *
     * @param logLevel the level
     * @return this builder
     * @throws NullPointerException if {@code logLevel} is null
     */
    public Builder logLevel(LogLevel logLevel) {
      this.logLevel = Objects.requireNonNull(logLevel, "logLevel");
      return this;
    }

    /**
     * Sets how long the workflow helpers ({@code advance}, {@code fail}, {@code workflowSteps}) may
     * reuse a workflow or step they read; 5 minutes when not set, {@link Duration#ZERO} disables
     * the cache. At most 1,024 workflows and 1,024 steps are kept. {@link TasksClient#getWorkflow}
     * and {@link TasksClient#getStep} always read the server, and refresh the cache.
     *
     * @param ttl how long an entry lives; zero or positive
     * @return this builder
     * @throws NullPointerException if {@code ttl} is null
     * @throws IllegalArgumentException if {@code ttl} is negative
     */
    public Builder workflowCacheTtl(Duration ttl) {
      this.workflowCacheTtl = Checks.requireNonNegative(ttl, "ttl");
      return this;
    }

    /**
     * Makes calls with an HTTP client derived from {@code okHttpClient} (through {@link
     * OkHttpClient#newBuilder()}), sharing its connection pool, dispatcher, proxy and interceptors.
     * {@code okHttpClient} itself is never changed, and {@link TasksClient#close()} leaves it open.
     * Its timeouts are kept unless {@link #timeout(Duration)} is set, and its dispatcher unless
     * {@link #maxConcurrentRequests(int)} is. Whatever it says, the derived client never sends a
     * request again by itself: no retry on a failed connection, no authenticator asked after a 401,
     * no redirect followed but a read's on the same scheme; only the SDK's retries repeat a
     * request.
     *
     * @param okHttpClient the client to derive from
     * @return this builder
     * @throws NullPointerException if {@code okHttpClient} is null
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
      return this;
    }

    /**
     * Reads and writes JSON with a copy of {@code objectMapper}, so that its modules and settings
     * apply to the values you put in a task's {@code context}. The copy is then set up for this API
     * (unknown fields ignored, ISO-8601 dates, null fields not sent); {@code objectMapper} itself
     * is never changed.
     *
     * @param objectMapper the mapper to copy
     * @return this builder
     * @throws NullPointerException if {@code objectMapper} is null
     */
    public Builder objectMapper(ObjectMapper objectMapper) {
      this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
      return this;
    }

    /**
     * Tells {@code observer} of each operation of the client and of each HTTP attempt in it, for
     * metrics and traces; none when not set, which costs nothing. The {@code
     * copilotz-tasks-micrometer} module provides one built on Micrometer's Observation API.
     *
     * @param observer the observer
     * @return this builder
     * @throws NullPointerException if {@code observer} is null
     */
    public Builder observer(TasksObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Reads the configuration from the environment: {@code COPILOTZ_LOG} ({@code off}, {@code info}
     * or {@code debug}) and {@code COPILOTZ_BASE_URL} when set, then {@code COPILOTZ_ACCESS_TOKEN}
     * when set, else {@code COPILOTZ_USERNAME}, {@code COPILOTZ_PASSWORD} and {@code
     * COPILOTZ_NAMESPACE} when all three are set. When the token and credential variables are both
     * set, the token wins, and a line at INFO on the {@code com.copilotz.tasks} logger says so.
     * Builder methods called afterwards override it.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code COPILOTZ_BASE_URL} is not an http or https URL, or
     *     {@code COPILOTZ_LOG} is not a level
     * @throws IllegalStateException if only some of the three credential variables are set
     */
    public Builder fromEnv() {
      return environment(System.getenv());
    }

    Builder environment(Map<String, String> env) {
      String log = env.get("COPILOTZ_LOG");
      if (log != null && !log.isBlank()) {
        try {
          logLevel(LogLevel.valueOf(log.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "COPILOTZ_LOG must be off, info or debug, was " + log, e);
        }
      }
      String base = env.get("COPILOTZ_BASE_URL");
      if (base != null && !base.isBlank()) {
        baseUrl(base.trim());
      }
      String token = env.get("COPILOTZ_ACCESS_TOKEN");
      String[] names = {"COPILOTZ_USERNAME", "COPILOTZ_PASSWORD", "COPILOTZ_NAMESPACE"};
      int present = 0;
      for (String name : names) {
        String value = env.get(name);
        present += value != null && !value.isBlank() ? 1 : 0;
      }
      if (token != null && !token.isBlank()) {
        if (present > 0) {
          SdkLogger.CONFIG.info(
              "COPILOTZ_ACCESS_TOKEN is set, so it is used; COPILOTZ_USERNAME, COPILOTZ_PASSWORD and "
                  + "COPILOTZ_NAMESPACE are ignored");
        }
        return accessToken(token.trim());
      }
      if (present == names.length) {
        return credentials(env.get(names[0]), env.get(names[1]), env.get(names[2]));
      }
      if (present > 0) {
        throw new IllegalStateException(
            "Set all of COPILOTZ_USERNAME, COPILOTZ_PASSWORD and COPILOTZ_NAMESPACE, or none of them");
      }
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A client sharing {@code parent}'s connections, threads and tokens: the HTTP client it derives
     * from is the parent's, and it keeps the parent's tokens unless an authentication setter is
     * called.
     */
    Builder derivedFrom(ClientCore parent) {
      this.parent = parent;
      this.keepsParentTokens = true;
      return this;
    }

    /**
     * Builds the client.
     *
     * @return a new client
     * @throws IllegalStateException if no token, credentials or token provider was given, or if the
     *     OkHttp on the class path is older than OkHttp 5 (see the README's Compatibility section)
     * @throws IllegalArgumentException if the base URL is plain {@code http://} to a host that is
     *     not loopback: tokens and passwords are only sent over https, or over http to this machine
     */
    public TasksClient build() {
      if (accessToken == null && username == null && tokenProvider == null) {
        throw new IllegalStateException(
            "No authentication: call accessToken(..), credentials(..) or tokenProvider(..), or set "
                + "COPILOTZ_ACCESS_TOKEN (or COPILOTZ_USERNAME, COPILOTZ_PASSWORD and COPILOTZ_NAMESPACE)");
      }
      OkHttpVersion.require5();
      if (!baseUrl.isHttps() && !isLoopback(baseUrl.host())) {
        throw new IllegalArgumentException(
            "baseUrl "
                + baseUrl
                + " is plain http to a host that is not loopback: tokens are only sent over "
                + "https (or http to localhost)");
      }
      return new TasksClient(new ClientCore(this));
    }

    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    private void clearAuth() {
      keepsParentTokens = false;
      accessToken = null;
      username = null;
      password = null;
      namespace = null;
      tokenProvider = null;
    }

    private static boolean isLoopback(String host) {
      if (host.equals("localhost") || host.endsWith(".localhost")) {
        return true;
      }
      boolean ipLiteral = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
      if (!ipLiteral) {
        return false;
      }
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (IOException e) {
        return false;
      }
    }
  }
}
