package com.copilotz.tasks.internal.observe;

import com.copilotz.tasks.HandledTask;
import com.copilotz.tasks.SyncReport;
import com.copilotz.tasks.TasksObserver;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Request;
import retrofit2.Invocation;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.PUT;

/**
 * The one place that calls a {@link TasksObserver}: each call is guarded, so that an observer that
 * throws changes nothing, and each helper accepts null for "not observed", so that a client without
 * an observer pays nothing.
 */
public final class Observing {
  private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();

  private Observing() {}

  /**
   * Starts observing an operation.
   *
   * @param observer the observer, or null
   * @param name the operation's name
   * @param taskId the task's id, or null
   * @param extId the task's extId, or null
   * @param async whether the asynchronous client runs it
   * @return the observation, or null when there is no observer or it failed
   */
  public static TasksObserver.Operation start(
      TasksObserver observer, String name, Long taskId, String extId, boolean async) {
    if (observer == null) {
      return null;
    }
    try {
      return observer.operationStarted(
          new TasksObserver.OperationStart(name, taskId, extId, async));
    } catch (RuntimeException ignored) {
      return null;
    }
  }

  /**
   * Ends an operation's observation.
   *
   * @param operation the observation, or null
   * @param failure what the operation failed with, or null
   */
  public static void ended(TasksObserver.Operation operation, Throwable failure) {
    if (operation != null) {
      try {
        operation.operationEnded(failure);
      } catch (RuntimeException ignored) {
        // An observer must not change the call.
      }
    }
  }

  /**
   * Tells a step worker's observation of one task what became of it.
   *
   * @param operation the observation, or null
   * @param handled the task's result, handler time and lag
   */
  public static void taskHandled(TasksObserver.Operation operation, HandledTask handled) {
    if (operation != null) {
      try {
        operation.taskHandled(handled);
      } catch (RuntimeException ignored) {
        // An observer must not change the worker.
      }
    }
  }

  /**
   * Tells a sync's observation what the sync did.
   *
   * @param operation the observation, or null
   * @param report the sync's report
   */
  public static void rowsSynced(TasksObserver.Operation operation, SyncReport report) {
    if (operation != null) {
      try {
        operation.rowsSynced(report);
      } catch (RuntimeException ignored) {
        // An observer must not change the sync.
      }
    }
  }

  /**
   * Starts observing attempt number {@code number} of a call of {@code operation}.
   *
   * @param operation the operation's observation
   * @param request the attempt's request
   * @param number the attempt's number, from 1
   * @param retryReason why the attempt before was retried, or null
   * @return the attempt's observation, or null when the observer failed
   */
  public static TasksObserver.Attempt attemptStarted(
      TasksObserver.Operation operation, Request request, int number, String retryReason) {
    try {
      return operation.attemptStarted(
          new TasksObserver.AttemptStart(
              request.method(), uriTemplate(request), number, retryReason));
    } catch (RuntimeException ignored) {
      return null;
    }
  }

  /**
   * Ends an attempt's observation.
   *
   * @param attempt the observation, or null
   * @param end how the attempt ended
   */
  public static void attemptEnded(TasksObserver.Attempt attempt, TasksObserver.AttemptEnd end) {
    if (attempt != null) {
      try {
        attempt.attemptEnded(end);
      } catch (RuntimeException ignored) {
        // An observer must not change the call.
      }
    }
  }

  /**
   * The headers an attempt under way adds to its request (a trace context).
   *
   * @param attempt the attempt's observation, or null
   * @return the headers; empty when none
   */
  public static Map<String, String> requestHeaders(TasksObserver.Attempt attempt) {
    if (attempt == null) {
      return Map.of();
    }
    try {
      Map<String, String> headers = attempt.requestHeaders();
      return headers == null ? Map.of() : headers;
    } catch (RuntimeException ignored) {
      return Map.of();
    }
  }

  /**
   * The path of a call as the API describes it, such as {@code /rest/tasks/{id}}: never a raw path.
   *
   * @param request the call's request
   * @return the template
   */
  public static String uriTemplate(Request request) {
    Invocation invocation = request.tag(Invocation.class);
    if (invocation == null) {
      return "/";
    }
    return TEMPLATES.computeIfAbsent(invocation.method(), Observing::templateOf);
  }

  private static String templateOf(Method method) {
    String path = "";
    if (method.isAnnotationPresent(GET.class)) {
      path = method.getAnnotation(GET.class).value();
    } else if (method.isAnnotationPresent(POST.class)) {
      path = method.getAnnotation(POST.class).value();
    } else if (method.isAnnotationPresent(PUT.class)) {
      path = method.getAnnotation(PUT.class).value();
    } else if (method.isAnnotationPresent(DELETE.class)) {
      path = method.getAnnotation(DELETE.class).value();
    }
    return path.startsWith("/") ? path : "/" + path;
  }
}
