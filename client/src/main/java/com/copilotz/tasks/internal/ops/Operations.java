package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.At;
import com.copilotz.tasks.Populate;
import com.copilotz.tasks.StepAction;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.Until;
import com.copilotz.tasks.WorkflowField;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.TaskMovedException;
import com.copilotz.tasks.internal.http.CallExecutor;
import com.copilotz.tasks.internal.wire.TaskList;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every operation of the client, written once for both facades against {@link CallRunner}: the
 * single runner (the {@link SingleCall} constants: create, read, update, complete, cancel) and the
 * operations of several runner (the workflow moves {@code advance} and {@code fail}, {@code
 * workflowSteps}, {@code findByExtId}, the upsert, the listing of every page, and how an ambiguous
 * create looks for what it made). Each checks its arguments before it makes any call, and throws at
 * once when one is bad.
 */
public final class Operations {
  private static final Set<Populate> CURRENT_STEP =
      Collections.unmodifiableSet(EnumSet.of(Populate.CURRENT_STEP));

  private final Requests requests;
  private final WorkflowCache cache;
  private final ObjectMapper mapper;
  private final TaskAwait await;
  private final Clock clock;

  /**
   * The operations of a client.
   *
   * @param requests builds its runner
   * @param cache its workflows and steps
   * @param mapper its JSON mapper, for comparing contexts
   * @param await its waits for tasks
   * @param clock the client's clock
   */
  public Operations(
      Requests requests, WorkflowCache cache, ObjectMapper mapper, TaskAwait await, Clock clock) {
    this.requests = requests;
    this.cache = cache;
    this.mapper = mapper;
    this.await = await;
    this.clock = clock;
  }

  /** The client's JSON mapper, for comparing contexts. */
  ObjectMapper mapper() {
    return mapper;
  }

  /** The client's clock (a test's virtual clock in tests). */
  Clock clock() {
    return clock;
  }

  /**
   * Reads a task again and again until it meets {@code until} (see {@link TaskAwait}).
   *
   * @param runner the operation's runner
   * @param id the task's id
   * @param until what to wait for
   * @return the task as read when it met the condition
   */
  public CompletableFuture<Task> awaitTask(CallRunner runner, long id, Until until) {
    return await.await(runner, id, until);
  }

  /**
   * Creates a task (settling a create whose answer was lost before it is sent again), then waits
   * for it to meet {@code until}; the wait's timeout counts from the create's answer.
   *
   * @param runner the operation's runner
   * @param request the task to create
   * @param until what to wait for
   * @return the task as read when it met the condition
   */
  public CompletableFuture<Task> createAndAwait(
      CallRunner runner, CreateTaskRequest request, Until until) {
    Objects.requireNonNull(until, "until");
    return createTask(runner, request)
        .thenCompose(created -> await.await(runner, created.getId(), until));
  }

  /**
   * Creates a task (its argument is the request); when the create's answer is lost it is looked up
   * by its extId before it is ever sent again.
   */
  public static final SingleCall<CreateTaskRequest, Task> CREATE_TASK =
      new SingleCall<>() {
        @Override
        public retrofit2.Call<Task> call(
            Operations operations, CallRunner runner, long id, CreateTaskRequest request) {
          operations.checkStepOfWorkflow(request);
          return operations.requests.createTask(withDefaults(request), runner);
        }

        @Override
        public CallExecutor.Settlement<Task> settlement(
            Operations operations, CallRunner runner, long id, CreateTaskRequest request) {
          return operations.createSettlement(withDefaults(request), runner);
        }
      };

  /**
   * True when a create names a workflow but no step: it starts at the workflow's first step, which
   * takes a read of the workflow (through the cache), so it is no single call.
   *
   * @param request the create
   * @return whether {@link #createTask(CallRunner, CreateTaskRequest)} must make it
   */
  public static boolean startsAtTheFirstStep(@Nullable CreateTaskRequest request) {
    return request != null && request.getWorkflow() != null && request.getCurrentStep() == null;
  }

  /**
   * Creates a task, as the agent does when it creates one: {@code active} unless the request says
   * otherwise, and, when it names a workflow but no step, at the workflow's first step. A create
   * whose answer is lost is settled before it is ever sent again.
   *
   * @param runner the operation's runner
   * @param request the task to create
   * @return the task as stored
   */
  public CompletableFuture<Task> createTask(CallRunner runner, CreateTaskRequest request) {
    Checks.checkCreate(request);
    checkStepOfWorkflow(request);
    CreateTaskRequest sent = withDefaults(request);
    if (!startsAtTheFirstStep(sent)) {
      return runner.make(requests.createTask(sent, runner), createSettlement(sent, runner));
    }
    return cache
        .cachedWorkflow(runner, sent.getWorkflow())
        .thenCompose(
            workflow -> {
              CreateTaskRequest atFirst = copyOf(sent).currentStep(workflow.getFirstStep());
              return runner.make(
                  requests.createTask(atFirst, runner), createSettlement(atFirst, runner));
            });
  }

  /**
   * Checks a create's {@code currentStep} against its {@code workflow} when the cache holds that
   * workflow: a step the SDK knows is not the workflow's is refused before anything is sent. A
   * workflow the cache lacks is not read for this (a create costs no extra request).
   *
   * @param request the create
   * @throws IllegalArgumentException if the step is not one of the cached workflow's steps
   */
  void checkStepOfWorkflow(@Nullable CreateTaskRequest request) {
    if (request == null || request.getWorkflow() == null || request.getCurrentStep() == null) {
      return;
    }
    Workflow workflow = cache.peekWorkflow(request.getWorkflow());
    List<Long> steps = workflow == null ? null : workflow.getSteps();
    if (steps != null && !steps.isEmpty() && !steps.contains(request.getCurrentStep())) {
      throw new IllegalArgumentException(
          "currentStep "
              + request.getCurrentStep()
              + " is not a step of workflow "
              + request.getWorkflow()
              + " (its steps: "
              + steps
              + ")");
    }
  }

  /** {@code request} as it is sent: {@code active} when it names no status (a copy, then). */
  static CreateTaskRequest withDefaults(CreateTaskRequest request) {
    return request == null || request.getStatus() != null
        ? request
        : copyOf(request).status(TaskStatus.ACTIVE);
  }

  private static CreateTaskRequest copyOf(CreateTaskRequest request) {
    return new CreateTaskRequest()
        .extId(request.getExtId())
        .workflow(request.getWorkflow())
        .currentStep(request.getCurrentStep())
        .status(request.getStatus())
        .name(request.getName())
        .description(request.getDescription())
        .context(request.getContext());
  }

  /** Reads a task. */
  public static final SingleCall<Void, Task> GET_TASK =
      (operations, runner, id, none) -> operations.requests.getTask(id, runner);

  /** Reads a task with the references its argument names sent whole (see {@link #references}). */
  public static final SingleCall<Set<Populate>, Task> GET_TASK_POPULATED =
      (operations, runner, id, references) -> operations.requests.getTask(id, references, runner);

  /**
   * Updates the fields of a task that its argument sets; an update whose answer is lost is settled
   * by reading the task (see {@link Settling}).
   */
  public static final SingleCall<UpdateTaskRequest, Task> UPDATE_TASK = new Update<>(null);

  /** Sets a task's status to {@code completed}, and nothing else; settled as any update. */
  public static final SingleCall<Void, Task> COMPLETE = new Update<>(TaskStatus.COMPLETED);

  /** Sets a task's status to {@code cancelled}, and nothing else; settled as any update. */
  public static final SingleCall<Void, Task> CANCEL = new Update<>(TaskStatus.CANCELLED);

  /**
   * An update of a task whose caller did not read it first: of the fields its argument sets, or of
   * the status alone.
   */
  private static final class Update<A> implements SingleCall<A, Task> {
    private final @Nullable TaskStatus status;

    Update(@Nullable TaskStatus status) {
      this.status = status;
    }

    private UpdateTaskRequest request(@Nullable A argument) {
      return status != null
          ? new UpdateTaskRequest().status(status)
          : Objects.requireNonNull((UpdateTaskRequest) argument, "request");
    }

    @Override
    public retrofit2.Call<Task> call(
        Operations operations, CallRunner runner, long id, @Nullable A argument) {
      return operations.requests.updateTask(id, request(argument), runner);
    }

    @Override
    public CallExecutor.Settlement<Task> settlement(
        Operations operations, CallRunner runner, long id, @Nullable A argument) {
      return Settling.ofUpdate(operations, runner, id, request(argument), null, null);
    }
  }

  /**
   * The references to send whole, checked.
   *
   * @param populate a reference
   * @param more more references
   * @return them, as a set
   * @throws NullPointerException if a reference is null
   */
  public static Set<Populate> references(Populate populate, Populate... more) {
    Set<Populate> references = Checks.populateSet(more, "more");
    references.add(Objects.requireNonNull(populate, "populate"));
    return references;
  }

  /**
   * The call builder of the single runner ({@link SingleCall}).
   *
   * @return the client's requests
   */
  public Requests requests() {
    return requests;
  }

  /**
   * Deletes a task; deleting a missing one is not an error (the server answers the same).
   *
   * @param runner the runner
   * @param id its id
   * @return the operation's future
   */
  public CompletableFuture<Void> deleteTask(CallRunner runner, long id) {
    return runner.make(requests.deleteTask(id, runner)).thenApply(deleted -> null);
  }

  /**
   * The page of a listing at {@code offset}, left unread to be read as a stream.
   *
   * @param query the listing
   * @param offset the page's offset
   * @param runner the runner
   * @return the call
   */
  public retrofit2.Call<okhttp3.ResponseBody> listPageStream(
      TaskQuery query, int offset, CallRunner runner) {
    return requests.listPageStream(query, offset, runner);
  }

  /** Reads a workflow from the server, and refreshes the cache with it. */
  public CompletableFuture<Workflow> getWorkflow(CallRunner runner, long id) {
    Checks.requirePositive(id, "id");
    return cache.fetchWorkflow(runner, id);
  }

  /** Reads a step from the server, and refreshes the cache with it. */
  public CompletableFuture<Step> getStep(CallRunner runner, long id) {
    Checks.requirePositive(id, "id");
    return cache.fetchStep(runner, id);
  }

  /**
   * Checks, through the cache (a read of each at most), that step {@code stepId} exists and, when
   * {@code workflowId} is not 0, that it is one of that workflow's steps: what a step worker checks
   * before it starts.
   *
   * @param runner the operation's runner
   * @param stepId the step
   * @param workflowId the workflow it must belong to, or 0
   * @return the step
   * @throws IllegalArgumentException (in the future) naming {@code stepId} or {@code workflow} when
   *     the server has no such step or workflow, or the step is not the workflow's
   */
  public CompletableFuture<Step> checkStep(CallRunner runner, long stepId, long workflowId) {
    CompletableFuture<Step> step =
        whenNotFound(
            cache.cachedStep(runner, stepId),
            missing ->
                new IllegalArgumentException(
                    "stepId " + stepId + ": the server has no such step", missing));
    if (workflowId == 0) {
      return step;
    }
    return step.thenCompose(
        found ->
            whenNotFound(
                    cache.cachedWorkflow(runner, workflowId),
                    missing ->
                        new IllegalArgumentException(
                            "workflow " + workflowId + ": the server has no such workflow",
                            missing))
                .thenApply(
                    workflow -> {
                      List<Long> steps = workflow.getSteps();
                      if (steps == null || !steps.contains(stepId)) {
                        throw new IllegalArgumentException(
                            "stepId "
                                + stepId
                                + " is not a step of workflow "
                                + workflowId
                                + " (its steps: "
                                + steps
                                + ")");
                      }
                      return found;
                    }));
  }

  /**
   * Moves a task to the next step of its workflow (its current step's {@code next}), merging {@code
   * contextPatch} into its context; a last step completes the task.
   */
  public CompletableFuture<Task> advance(
      CallRunner runner, long id, At expected, Map<String, ?> contextPatch) {
    Checks.requirePositive(id, "id");
    Objects.requireNonNull(contextPatch, "contextPatch");
    return moveFromCurrentStep(
        runner, id, expected, step -> WorkflowMoves.advance(step, contextPatch));
  }

  /**
   * Marks a task failed with {@code reason} in its context, at its current step's {@code
   * failedNext} when the step has one. When {@code expected} is not null, a task found elsewhere is
   * not moved.
   */
  public CompletableFuture<Task> fail(CallRunner runner, long id, At expected, String reason) {
    Checks.requirePositive(id, "id");
    Checks.requireNonBlank(reason, "reason");
    return moveFromCurrentStep(runner, id, expected, step -> WorkflowMoves.fail(step, reason));
  }

  /**
   * Marks a task completed, after reading it to check that it is where {@code expected} says:
   * nothing is written when it is elsewhere.
   */
  public CompletableFuture<Task> complete(CallRunner runner, long id, At expected) {
    return setStatus(runner, id, expected, TaskStatus.COMPLETED);
  }

  /**
   * Marks a task cancelled, after reading it to check that it is where {@code expected} says:
   * nothing is written when it is elsewhere.
   */
  public CompletableFuture<Task> cancel(CallRunner runner, long id, At expected) {
    return setStatus(runner, id, expected, TaskStatus.CANCELLED);
  }

  private CompletableFuture<Task> setStatus(
      CallRunner runner, long id, At expected, TaskStatus status) {
    Checks.requirePositive(id, "id");
    Objects.requireNonNull(expected, "expected");
    return runner
        .make(requests.getTask(id, runner))
        .thenCompose(
            task ->
                write(
                    runner,
                    WorkflowMoves.requireAt(task, expected),
                    expected,
                    new UpdateTaskRequest().status(status)));
  }

  /**
   * The update that writes what a step worker's handler decided for a task the worker read: an
   * advance or a fail takes the step from the cache (one GET the first time).
   *
   * @param runner the operation's runner
   * @param task the task as the worker read it
   * @param action what to write; not {@link StepAction.Kind#LEAVE}
   * @return the update
   */
  public CompletableFuture<UpdateTaskRequest> updateFor(
      CallRunner runner, Task task, StepAction action) {
    switch (action.kind()) {
      case ADVANCE:
        return stepOf(runner, task)
            .thenApply(step -> WorkflowMoves.advance(step, action.contextPatch()));
      case FAIL:
        return stepOf(runner, task)
            .thenApply(step -> WorkflowMoves.fail(step, action.reason().orElseThrow()));
      case COMPLETE:
        return CompletableFuture.completedFuture(
            new UpdateTaskRequest().status(TaskStatus.COMPLETED));
      case PENDING:
        return CompletableFuture.completedFuture(
            new UpdateTaskRequest().status(TaskStatus.PENDING));
      default:
        throw new IllegalArgumentException("Nothing to write for " + action);
    }
  }

  /**
   * Writes {@code update} to {@code task}, which a step worker read where {@code guard} says: the
   * guarded move without its read, since the worker's read is the guard. A write whose answer is
   * lost is settled from that read (see {@link Settling}).
   *
   * @param runner the operation's runner
   * @param task the task as the worker read it
   * @param guard where the worker found it
   * @param update what to write
   * @return the task as stored after the write
   * @throws TaskMovedException if {@code task} is not where {@code guard} says
   */
  public CompletableFuture<Task> writeAsRead(
      CallRunner runner, Task task, At guard, UpdateTaskRequest update) {
    return write(runner, WorkflowMoves.requireAt(task, guard), guard, update);
  }

  /**
   * Whether {@code stored} holds every field {@code update} sets, as writing it would leave it (see
   * {@link Settling#applied}).
   *
   * @param stored a task as read
   * @param update an update
   * @return whether the update is there
   */
  public boolean applied(Task stored, UpdateTaskRequest update) {
    return Settling.applied(stored, update, mapper);
  }

  /**
   * Writes {@code update} to {@code task}, which the caller read: a write whose answer is lost is
   * settled from that read (and from {@code guard}, when the move is guarded), never sent blindly
   * again.
   */
  private CompletableFuture<Task> write(
      CallRunner runner, Task task, @Nullable At guard, UpdateTaskRequest update) {
    long id = task.getId();
    return runner.make(
        requests.updateTask(id, update, runner),
        Settling.ofUpdate(this, runner, id, update, task, guard));
  }

  /**
   * Reads a task and its current step, then writes, in one PUT, the move {@code move} decides on.
   * The task is read with its step populated, so one GET brings both; a server that does not
   * populate it costs a second GET (or none, when the step is cached). When {@code expected} is not
   * null, a task found elsewhere is not moved.
   */
  private CompletableFuture<Task> moveFromCurrentStep(
      CallRunner runner, long id, @Nullable At expected, Function<Step, UpdateTaskRequest> move) {
    return runner
        .make(requests.getTask(id, CURRENT_STEP, runner))
        .thenCompose(task -> withItsStep(runner, task))
        .thenCompose(
            task -> {
              Task at = expected == null ? task : WorkflowMoves.requireAt(task, expected);
              return stepOf(runner, at)
                  .thenCompose(step -> write(runner, at, expected, move.apply(step)));
            });
  }

  /**
   * {@code task}, read with its step populated; read again without, when the server sent the step
   * as an object of nulls (a step that does not exist), so that the error names the step's id.
   */
  private CompletableFuture<Task> withItsStep(CallRunner runner, Task task) {
    if (task.getCurrentStep() != null || task.getWorkflow() == null) {
      return CompletableFuture.completedFuture(task);
    }
    return runner.make(requests.getTask(task.getId(), runner));
  }

  /**
   * The step a task is at: as the server populated it, else from the cache or the server; a step
   * that does not exist is a workflow error.
   */
  private CompletableFuture<Step> stepOf(CallRunner runner, Task task) {
    long stepId = WorkflowMoves.currentStepOf(task);
    Step populated = task.populatedCurrentStep().orElse(null);
    if (populated != null && populated.getId() != null && populated.getId() == stepId) {
      cache.remember(populated);
      return CompletableFuture.completedFuture(populated);
    }
    return whenNotFound(
        cache.cachedStep(runner, stepId), missing -> WorkflowMoves.missingStep(task, missing));
  }

  /**
   * The steps of a workflow in order, from its first step along each step's {@code next}, read
   * through the cache; a loop or a missing step is a workflow error.
   */
  public CompletableFuture<List<Step>> workflowSteps(CallRunner runner, long workflowId) {
    Checks.requirePositive(workflowId, "workflowId");
    return cache
        .cachedWorkflow(runner, workflowId)
        .thenCompose(workflow -> followChain(runner, new WorkflowMoves.StepChain(workflow)));
  }

  private CompletableFuture<List<Step>> followChain(
      CallRunner runner, WorkflowMoves.StepChain chain) {
    Long stepId = chain.next();
    if (stepId == null) {
      return CompletableFuture.completedFuture(chain.steps());
    }
    return whenNotFound(cache.cachedStep(runner, stepId), missing -> chain.missing(stepId, missing))
        .thenCompose(
            step -> {
              chain.add(step);
              return followChain(runner, chain);
            });
  }

  /** The newest task with {@code extId}, or empty when no task has it. */
  public CompletableFuture<Optional<Task>> findByExtId(CallRunner runner, String extId) {
    Checks.requireNonBlank(extId, "extId");
    return listAll(runner, TaskQuery.builder().extId(extId).build())
        .thenApply(ExtIdMatching::newest);
  }

  /**
   * Makes the server hold the task {@code desired} describes, found by its extId, and returns it as
   * stored.
   *
   * @param runner the runner
   * @param desired the task as it should be
   * @return the operation's future
   */
  public CompletableFuture<Task> upsertByExtId(CallRunner runner, CreateTaskRequest desired) {
    return upsert(runner, desired, NOTHING_OWNED).thenApply(UpsertResult::task);
  }

  /** The fields of the workflow an upsert leaves to the agent: all of them. */
  private static final Set<WorkflowField> NOTHING_OWNED =
      Collections.unmodifiableSet(EnumSet.noneOf(WorkflowField.class));

  /**
   * Makes the server hold the task {@code desired} describes, found by its extId; of the workflow's
   * fields, an existing task gets only those in {@code owned}.
   */
  public CompletableFuture<UpsertResult> upsert(
      CallRunner runner, CreateTaskRequest desired, Set<WorkflowField> owned) {
    Checks.checkCreate(desired);
    return findByExtId(runner, desired.getExtId())
        .thenCompose(current -> upsert(runner, desired, current, owned));
  }

  /**
   * Makes the server match {@code desired}, given the task that has its extId now, if any: creates
   * it, or sends what differs (of the workflow's fields, only those in {@code owned}).
   */
  public CompletableFuture<UpsertResult> upsert(
      CallRunner runner,
      CreateTaskRequest desired,
      Optional<Task> current,
      Set<WorkflowField> owned) {
    if (current.isEmpty()) {
      return createTask(runner, desired)
          .thenApply(task -> new UpsertResult(task, UpsertResult.Kind.CREATED));
    }
    UpdateTaskRequest difference = ExtIdMatching.difference(current.get(), desired, owned, mapper);
    if (difference == null) {
      return CompletableFuture.completedFuture(
          new UpsertResult(
              current.get(),
              ExtIdMatching.differsInFieldsLeftToTheAgent(current.get(), desired, owned)
                  ? UpsertResult.Kind.LEFT_TO_THE_AGENT
                  : UpsertResult.Kind.UNCHANGED));
    }
    return write(runner, current.get(), null, difference)
        .thenApply(task -> new UpsertResult(task, UpsertResult.Kind.UPDATED));
  }

  /**
   * Makes the server match {@code desired}, given the id of the task that had its extId when a
   * prefetch read it: reads that task again and sends what differs; looks the extId up afresh when
   * the task is gone or has another extId now.
   */
  public CompletableFuture<UpsertResult> upsertReread(
      CallRunner runner, CreateTaskRequest desired, long id, Set<WorkflowField> owned) {
    // The task read again, when it still has the extId; null when it is gone or has another extId
    // now, and the extId is looked up afresh.
    return runner
        .make(requests.getTask(id, runner))
        .handle(
            (task, failure) -> {
              if (failure == null) {
                return desired.getExtId().equals(task.getExtId()) ? task : null;
              }
              Throwable cause = CallRunner.unwrap(failure);
              if (cause instanceof NotFoundException) {
                return null;
              }
              throw new CompletionException(cause);
            })
        .thenCompose(
            stillHeld ->
                stillHeld == null
                    ? upsert(runner, desired, owned)
                    : upsert(runner, desired, Optional.of(stillHeld), owned));
  }

  /**
   * Every task matching {@code query}, page after page until {@link PageWalker} says the listing
   * has ended. Pages answered at once (the blocking runner) are taken in a loop, not by recursion,
   * so that no number of pages can overflow the stack.
   */
  public CompletableFuture<List<Task>> listAll(CallRunner runner, TaskQuery query) {
    Objects.requireNonNull(query, "query");
    CompletableFuture<List<Task>> all = new CompletableFuture<>();
    new PageLoop(runner, query, all).next();
    return all;
  }

  private final class PageLoop {
    private final CallRunner runner;
    private final TaskQuery query;
    private final CompletableFuture<List<Task>> all;
    private final PageWalker walker;
    private final List<Task> tasks = new ArrayList<>();

    PageLoop(CallRunner runner, TaskQuery query, CompletableFuture<List<Task>> all) {
      this.runner = runner;
      this.query = query;
      this.all = all;
      this.walker = new PageWalker(query.pageSize());
    }

    void next() {
      while (!walker.done()) {
        CompletableFuture<TaskList> page;
        try {
          page = runner.make(requests.listPage(query, walker.offset(), runner));
        } catch (RuntimeException e) {
          all.completeExceptionally(e);
          return;
        }
        if (!page.isDone()) {
          page.whenComplete(
              (list, failure) -> {
                if (take(list, failure)) {
                  next();
                }
              });
          return;
        }
        if (!page.handle(this::take).join()) {
          return;
        }
      }
      all.complete(tasks);
    }

    /** Takes a page; false when the listing failed and must stop. */
    private boolean take(TaskList list, Throwable failure) {
      if (failure != null) {
        all.completeExceptionally(CallRunner.unwrap(failure));
        return false;
      }
      tasks.addAll(walker.acceptPage(PageWalker.tasksOf(list)));
      return true;
    }
  }

  /** How a create whose answer was lost is settled: see {@link Settling#ofCreate}. */
  CallExecutor.Settlement<Task> createSettlement(CreateTaskRequest request, CallRunner runner) {
    return Settling.ofCreate(requests, runner, request, mapper);
  }

  /**
   * {@code future}, with a {@link NotFoundException} replaced by what {@code instead} makes of it.
   */
  private static <T> CompletableFuture<T> whenNotFound(
      CompletableFuture<T> future, Function<NotFoundException, RuntimeException> instead) {
    return future.handle(
        (value, failure) -> {
          if (failure == null) {
            return value;
          }
          Throwable cause = CallRunner.unwrap(failure);
          throw new CompletionException(
              cause instanceof NotFoundException
                  ? instead.apply((NotFoundException) cause)
                  : cause);
        });
  }
}
