package com.copilotz.tasks.spring;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.StepWorker;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.WorkerStats;
import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.CopilotzException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Checks that the Copilotz Tasks API is reachable and that the client's credentials work, without
 * creating anything: it lists the tasks of an extId no task has (one GET, no retry, a 10-second
 * timeout); and says how each step worker the application started fares (running, what stopped it,
 * its last listing, its failed listings in a row). A worker that stopped on its own (its
 * credentials refused, say) makes the health down. Shared by the health indicators of both Spring
 * Boot lines.
 */
final class CopilotzTasksHealthCheck {
  /** The extId the check lists: one no task is expected to have. */
  static final String PROBE_EXT_ID = "copilotz-tasks-health-check";

  private static final RequestOptions PROBE =
      RequestOptions.builder().maxRetries(0).timeout(Duration.ofSeconds(10)).build();

  private final TasksClient client;
  private final Supplier<List<StepWorker>> workers;

  CopilotzTasksHealthCheck(TasksClient client, Supplier<List<StepWorker>> workers) {
    this.client = client;
    this.workers = workers;
  }

  /** The outcome of one check: up or not, and details safe to show (never a token). */
  record Result(boolean up, Map<String, Object> details) {}

  Result check() {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean workersUp = workers(details);
    long start = System.nanoTime();
    try (Stream<?> tasks =
        client.listTasks(TaskQuery.builder().extId(PROBE_EXT_ID).pageSize(1).build(), PROBE)) {
      tasks.count();
      details.put("latencyMs", Duration.ofNanos(System.nanoTime() - start).toMillis());
      return new Result(workersUp, details);
    } catch (AuthenticationException rejected) {
      details.put("error", "the credentials were rejected (" + rejected.statusCode() + ")");
    } catch (CopilotzApiException answered) {
      details.put("error", "the API answered " + answered.statusCode());
    } catch (CopilotzException unreachable) {
      details.put(
          "error", "the API could not be reached: " + unreachable.getClass().getSimpleName());
    }
    return new Result(false, details);
  }

  /**
   * Puts each started worker's health in {@code details}, under {@code workers}, by step.
   *
   * @return false when a worker stopped on its own
   */
  private boolean workers(Map<String, Object> details) {
    List<StepWorker> started = workers.get();
    if (started.isEmpty()) {
      return true;
    }
    boolean up = true;
    Map<String, Object> byStep = new LinkedHashMap<>();
    for (StepWorker worker : started) {
      WorkerStats stats = worker.stats();
      Map<String, Object> health = new LinkedHashMap<>();
      health.put("running", stats.running());
      if (!stats.running() && stats.lastFailure().isPresent()) {
        up = false;
        health.put("stoppedBy", stats.lastFailure().get().getMessage());
      } else {
        stats.lastFailure().ifPresent(failure -> health.put("lastFailure", failure.getMessage()));
      }
      stats.lastListing().ifPresent(at -> health.put("lastListing", at.toString()));
      health.put("consecutiveFailures", stats.consecutiveFailures());
      health.put("inFlight", stats.inFlight());
      byStep.put("step " + worker.stepId(), health);
    }
    details.put("workers", byStep);
    return up;
  }
}
