package com.copilotz.tasks.spring;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.CopilotzException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks that the Copilotz Tasks API is reachable and that the client's credentials work, without
 * creating anything: it lists the tasks of an extId no task has (one GET, no retry, a 10-second
 * timeout). Shared by the health indicators of both Spring Boot lines.
 */
final class CopilotzTasksHealthCheck {
  /** The extId the check lists: one no task is expected to have. */
  static final String PROBE_EXT_ID = "copilotz-tasks-health-check";

  private static final RequestOptions PROBE =
      RequestOptions.builder().maxRetries(0).timeout(Duration.ofSeconds(10)).build();

  private final TasksClient client;

  CopilotzTasksHealthCheck(TasksClient client) {
    this.client = client;
  }

  /** The outcome of one check: up or not, and details safe to show (never a token). */
  record Result(boolean up, Map<String, Object> details) {}

  Result check() {
    Map<String, Object> details = new LinkedHashMap<>();
    long start = System.nanoTime();
    try (Stream<?> tasks =
        client.listTasks(TaskQuery.builder().extId(PROBE_EXT_ID).pageSize(1).build(), PROBE)) {
      tasks.count();
      details.put("latencyMs", Duration.ofNanos(System.nanoTime() - start).toMillis());
      return new Result(true, details);
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
}
