package com.copilotz.tasks;

import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.internal.wire.TaskList;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * The operations that make more than one call, written once for both facades against {@link Calls}: the
 * workflow moves ({@code advance}, {@code fail}), {@code workflowSteps}, {@code findByExtId}, the upsert, the
 * listing of every page, and how an ambiguous create looks for what it made. Each checks its arguments
 * before it makes any call, and throws at once when one is bad.
 */
final class Operations {
  private static final Set<Populate> CURRENT_STEP = Collections.unmodifiableSet(EnumSet.of(Populate.CURRENT_STEP));

  private final Requests requests;
  private final WorkflowCache cache;
  private final ObjectMapper mapper;

  Operations(Requests requests, WorkflowCache cache, ObjectMapper mapper) {
    this.requests = requests;
    this.cache = cache;
    this.mapper = mapper;
  }

  /** Creates a task; when the create is ambiguous it is looked up by extId before it is ever sent again. */
  CompletableFuture<Task> createTask(Calls calls, CreateTaskRequest request) {
    return calls.run(requests.createTask(request, calls), createRecovery(request, calls));
  }

  /** Reads a workflow from the server, and refreshes the cache with it. */
  CompletableFuture<Workflow> getWorkflow(Calls calls, long id) {
    Requests.requirePositive(id, "id");
    return cache.fetchWorkflow(calls, id);
  }

  /** Reads a step from the server, and refreshes the cache with it. */
  CompletableFuture<Step> getStep(Calls calls, long id) {
    Requests.requirePositive(id, "id");
    return cache.fetchStep(calls, id);
  }

  /** Reads a task with the references in {@code populate} sent whole. */
  CompletableFuture<Task> getTask(Calls calls, long id, Populate populate, Populate... more) {
    Set<Populate> references = Populate.setOf("more", more);
    references.add(java.util.Objects.requireNonNull(populate, "populate"));
    return calls.run(requests.getTask(id, references, calls));
  }

  CompletableFuture<Task> advance(Calls calls, long id, Map<String, ?> contextPatch) {
    Requests.requirePositive(id, "id");
    Objects.requireNonNull(contextPatch, "contextPatch");
    return moveFromCurrentStep(calls, id, step -> WorkflowMoves.advance(step, contextPatch));
  }

  CompletableFuture<Task> fail(Calls calls, long id, String reason) {
    Requests.requirePositive(id, "id");
    Requests.requireNonBlank(reason, "reason");
    return moveFromCurrentStep(calls, id, step -> WorkflowMoves.fail(step, reason));
  }

  /**
   * Reads a task and its current step, then writes, in one PUT, the move {@code move} decides on. The task is
   * read with its step populated, so one GET brings both; a server that does not populate it costs a second
   * GET (or none, when the step is cached).
   */
  private CompletableFuture<Task> moveFromCurrentStep(Calls calls, long id, Function<Step, UpdateTaskRequest> move) {
    return calls.run(requests.getTask(id, CURRENT_STEP, calls))
        .thenCompose(task -> stepOf(calls, task))
        .thenCompose(step -> calls.run(requests.updateTask(id, move.apply(step), calls)));
  }

  /**
   * The step a task is at: as the server populated it, else from the cache or the server; a step that does not
   * exist is a workflow error.
   */
  private CompletableFuture<Step> stepOf(Calls calls, Task task) {
    long stepId = WorkflowMoves.currentStepOf(task);
    Step populated = task.populatedCurrentStep().orElse(null);
    if (populated != null && populated.getId() != null && populated.getId() == stepId) {
      cache.remember(populated);
      return CompletableFuture.completedFuture(populated);
    }
    return whenNotFound(cache.cachedStep(calls, stepId), missing -> WorkflowMoves.missingStep(task, missing));
  }

  CompletableFuture<List<Step>> workflowSteps(Calls calls, long workflowId) {
    Requests.requirePositive(workflowId, "workflowId");
    return cache.cachedWorkflow(calls, workflowId)
        .thenCompose(workflow -> followChain(calls, new WorkflowMoves.StepChain(workflow)));
  }

  private CompletableFuture<List<Step>> followChain(Calls calls, WorkflowMoves.StepChain chain) {
    Long stepId = chain.next();
    if (stepId == null) {
      return CompletableFuture.completedFuture(chain.steps());
    }
    return whenNotFound(cache.cachedStep(calls, stepId), missing -> chain.missing(stepId, missing))
        .thenCompose(step -> {
          chain.add(step);
          return followChain(calls, chain);
        });
  }

  CompletableFuture<Optional<Task>> findByExtId(Calls calls, String extId) {
    Requests.requireNonBlank(extId, "extId");
    return listAll(calls, TaskQuery.builder().extId(extId).build()).thenApply(ExtIdMatching::newest);
  }

  /** Makes the server hold the task {@code desired} describes, found by its extId. */
  CompletableFuture<UpsertOutcome> upsert(Calls calls, CreateTaskRequest desired) {
    Requests.checkCreate(desired);
    return findByExtId(calls, desired.getExtId()).thenCompose(current -> upsert(calls, desired, current));
  }

  /** Makes the server match {@code desired}, given the task that has its extId now, if any. */
  CompletableFuture<UpsertOutcome> upsert(Calls calls, CreateTaskRequest desired, Optional<Task> current) {
    if (current.isEmpty()) {
      return createTask(calls, desired).thenApply(task -> new UpsertOutcome(task, UpsertOutcome.Kind.CREATED));
    }
    UpdateTaskRequest difference = ExtIdMatching.difference(current.get(), desired, mapper);
    if (difference == null) {
      return CompletableFuture.completedFuture(new UpsertOutcome(current.get(), UpsertOutcome.Kind.UNCHANGED));
    }
    return calls.run(requests.updateTask(current.get().getId(), difference, calls))
        .thenApply(task -> new UpsertOutcome(task, UpsertOutcome.Kind.UPDATED));
  }

  /**
   * Makes the server match {@code desired}, given the id of the task that had its extId when a prefetch read
   * it: reads that task again and sends what differs; looks the extId up afresh when the task is gone or has
   * another extId now.
   */
  CompletableFuture<UpsertOutcome> upsertReread(Calls calls, CreateTaskRequest desired, long id) {
    return calls.run(requests.getTask(id, calls))
        .handle((task, failure) -> {
          if (failure == null) {
            return desired.getExtId().equals(task.getExtId()) ? Optional.of(task) : null;
          }
          Throwable cause = Calls.unwrap(failure);
          if (cause instanceof NotFoundException) {
            return (Optional<Task>) null;
          }
          throw new CompletionException(cause);
        })
        .thenCompose(current -> current == null ? upsert(calls, desired) : upsert(calls, desired, current));
  }

  /**
   * Every task matching {@code query}, page after page until {@link PageWalker} says the listing has ended.
   * Pages answered at once (the blocking calls) are taken in a loop, not by recursion, so that no number of
   * pages can overflow the stack.
   */
  CompletableFuture<List<Task>> listAll(Calls calls, TaskQuery query) {
    Objects.requireNonNull(query, "query");
    CompletableFuture<List<Task>> all = new CompletableFuture<>();
    new PageLoop(calls, query, all).next();
    return all;
  }

  private final class PageLoop {
    private final Calls calls;
    private final TaskQuery query;
    private final CompletableFuture<List<Task>> all;
    private final PageWalker walker;
    private final List<Task> tasks = new ArrayList<>();

    PageLoop(Calls calls, TaskQuery query, CompletableFuture<List<Task>> all) {
      this.calls = calls;
      this.query = query;
      this.all = all;
      this.walker = new PageWalker(query.pageSize);
    }

    void next() {
      while (!walker.done()) {
        CompletableFuture<TaskList> page;
        try {
          page = calls.run(requests.listPage(query, walker.offset(), calls));
        } catch (RuntimeException e) {
          all.completeExceptionally(e);
          return;
        }
        if (!page.isDone()) {
          page.whenComplete((list, failure) -> {
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
        all.completeExceptionally(Calls.unwrap(failure));
        return false;
      }
      tasks.addAll(walker.acceptPage(PageWalker.tasksOf(list)));
      return true;
    }
  }

  /**
   * How an ambiguous create finds what it may have created: the tasks with its extId (the same list call as
   * any listing), the newest of those that match every field it sent.
   */
  ApiCaller.Recovery<Task> createRecovery(CreateTaskRequest request, Calls calls) {
    return ApiCaller.Recovery.of(
        () -> requests.listPage(TaskQuery.builder().extId(request.getExtId()).build(), 0, calls),
        list -> ExtIdMatching.createdBy(PageWalker.tasksOf(list), request, mapper));
  }

  /** {@code future}, with a {@link NotFoundException} replaced by what {@code instead} makes of it. */
  private static <T> CompletableFuture<T> whenNotFound(
      CompletableFuture<T> future, Function<NotFoundException, RuntimeException> instead) {
    return future.handle((value, failure) -> {
      if (failure == null) {
        return value;
      }
      Throwable cause = Calls.unwrap(failure);
      throw new CompletionException(
          cause instanceof NotFoundException ? instead.apply((NotFoundException) cause) : cause);
    });
  }
}
