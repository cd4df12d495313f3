package com.copilotz.tasks;

import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Workflow;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The client's cache of workflows and steps, which rarely change: {@link #cachedWorkflow} and
 * {@link #cachedStep} read through it (a hit makes no call), {@link #fetchWorkflow} and {@link #fetchStep}
 * always read the server and refresh it. Thread-safe.
 */
final class WorkflowCache {
  private final Requests requests;
  private final ExpiringCache<Workflow> workflows;
  private final ExpiringCache<Step> steps;

  WorkflowCache(Requests requests, int capacity, Duration ttl, Clock clock) {
    this.requests = requests;
    this.workflows = new ExpiringCache<>(capacity, ttl, clock);
    this.steps = new ExpiringCache<>(capacity, ttl, clock);
  }

  CompletableFuture<Workflow> fetchWorkflow(Calls calls, long id) {
    return calls.run(requests.getWorkflow(id, calls)).thenApply(workflow -> {
      workflows.put(id, workflow);
      return workflow;
    });
  }

  CompletableFuture<Step> fetchStep(Calls calls, long id) {
    return calls.run(requests.getStep(id, calls)).thenApply(step -> {
      steps.put(id, step);
      return step;
    });
  }

  /** Keeps a step the server sent inside another answer ({@code _populate}). */
  void remember(Step step) {
    if (step.getId() != null) {
      steps.put(step.getId(), step);
    }
  }

  CompletableFuture<Workflow> cachedWorkflow(Calls calls, long id) {
    Workflow cached = workflows.get(id);
    return cached != null ? CompletableFuture.completedFuture(cached) : fetchWorkflow(calls, id);
  }

  CompletableFuture<Step> cachedStep(Calls calls, long id) {
    Step cached = steps.get(id);
    return cached != null ? CompletableFuture.completedFuture(cached) : fetchStep(calls, id);
  }
}
