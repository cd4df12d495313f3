package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Workflow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The client's cache of workflows and steps, which rarely change: {@link #cachedWorkflow} and
 * {@link #cachedStep} read through it (a hit makes no call), {@link #fetchWorkflow} and {@link
 * #fetchStep} always read the server and refresh it. It keeps copies of its own and hands out
 * copies, so that no one can change behind its back what a workflow move later decides from.
 * Thread-safe.
 */
public final class WorkflowCache {
  private final Requests requests;
  private final ObjectMapper mapper;
  private final ExpiringCache<Workflow> workflows;
  private final ExpiringCache<Step> steps;

  /**
   * A cache of at most {@code capacity} workflows and as many steps, each kept for {@code ttl}.
   *
   * @param requests builds the runner that read them
   * @param mapper copies what is kept and handed out
   * @param capacity the most of each kept
   * @param ttl how long an entry lives; zero keeps none
   * @param clock the clock of their lifetimes
   */
  public WorkflowCache(
      Requests requests, ObjectMapper mapper, int capacity, Duration ttl, Clock clock) {
    this(
        requests,
        mapper,
        new ExpiringCache<>(capacity, ttl, clock),
        new ExpiringCache<>(capacity, ttl, clock));
  }

  private WorkflowCache(
      Requests requests,
      ObjectMapper mapper,
      ExpiringCache<Workflow> workflows,
      ExpiringCache<Step> steps) {
    this.requests = requests;
    this.mapper = mapper;
    this.workflows = workflows;
    this.steps = steps;
  }

  /**
   * This cache's entries, read through another client's calls: what a client derived with {@code
   * withOptions} shares with the one it was derived from.
   *
   * @param requests the other client's call builder
   * @return a cache over the same entries
   */
  public WorkflowCache sharedWith(Requests requests) {
    return new WorkflowCache(requests, mapper, workflows, steps);
  }

  CompletableFuture<Workflow> fetchWorkflow(CallRunner runner, long id) {
    return runner
        .make(requests.getWorkflow(id, runner))
        .thenApply(
            workflow -> {
              workflows.put(id, copy(workflow, Workflow.class));
              return workflow;
            });
  }

  CompletableFuture<Step> fetchStep(CallRunner runner, long id) {
    return runner
        .make(requests.getStep(id, runner))
        .thenApply(
            step -> {
              steps.put(id, copy(step, Step.class));
              return step;
            });
  }

  /** Keeps a step the server sent inside another answer ({@code _populate}). */
  void remember(Step step) {
    if (step.getId() != null) {
      steps.put(step.getId(), copy(step, Step.class));
    }
  }

  CompletableFuture<Workflow> cachedWorkflow(CallRunner runner, long id) {
    Workflow cached = workflows.get(id);
    return cached != null
        ? CompletableFuture.completedFuture(copy(cached, Workflow.class))
        : fetchWorkflow(runner, id);
  }

  /** The workflow the cache holds under {@code id} (a copy), or null: never a read. */
  @Nullable Workflow peekWorkflow(long id) {
    Workflow cached = workflows.get(id);
    return cached == null ? null : copy(cached, Workflow.class);
  }

  CompletableFuture<Step> cachedStep(CallRunner runner, long id) {
    Step cached = steps.get(id);
    return cached != null
        ? CompletableFuture.completedFuture(copy(cached, Step.class))
        : fetchStep(runner, id);
  }

  /**
   * A deep copy of {@code value}: the generated models have setters, so what is shared could
   * change.
   */
  private <T> T copy(T value, Class<T> type) {
    try {
      return mapper.treeToValue(mapper.valueToTree(value), type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("a " + type.getSimpleName() + " could not be copied", e);
    }
  }
}
