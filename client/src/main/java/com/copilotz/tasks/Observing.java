package com.copilotz.tasks;

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
 * The one place that calls a {@link TasksObserver}: each call is guarded, so that an observer that throws
 * changes nothing, and each helper accepts null for "not observed", so that a client without an observer
 * pays nothing.
 */
final class Observing {
  private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();

  private Observing() {}

  /** Starts observing an operation; null when there is no observer or it failed. */
  static TasksObserver.Operation start(
      TasksObserver observer, String name, Long taskId, String extId, boolean async) {
    if (observer == null) {
      return null;
    }
    try {
      return observer.operationStarted(new TasksObserver.OperationStart(name, taskId, extId, async));
    } catch (RuntimeException ignored) {
      return null;
    }
  }

  static void ended(TasksObserver.Operation operation, Throwable failure) {
    if (operation != null) {
      try {
        operation.operationEnded(failure);
      } catch (RuntimeException ignored) {
        // An observer must not change the call.
      }
    }
  }

  static void rowsSynced(TasksObserver.Operation operation, SyncReport report) {
    if (operation != null) {
      try {
        operation.rowsSynced(report);
      } catch (RuntimeException ignored) {
        // An observer must not change the sync.
      }
    }
  }

  /** Starts observing an attempt of {@code call}; null when the call is not observed. */
  static TasksObserver.Attempt attemptStarted(ObservedCall call, Request request, int number, String retryReason) {
    if (call == null) {
      return null;
    }
    TasksObserver.Attempt attempt;
    try {
      attempt = call.operation.attemptStarted(
          new TasksObserver.AttemptStart(request.method(), uriTemplate(request), number, retryReason));
    } catch (RuntimeException ignored) {
      attempt = null;
    }
    call.attempt = attempt;
    return attempt;
  }

  static void attemptEnded(TasksObserver.Attempt attempt, TasksObserver.AttemptEnd end) {
    if (attempt != null) {
      try {
        attempt.attemptEnded(end);
      } catch (RuntimeException ignored) {
        // An observer must not change the call.
      }
    }
  }

  /** The headers the attempt under way adds to its request (a trace context); empty when none. */
  static Map<String, String> requestHeaders(Request request) {
    Object tag = OptionsCallFactory.tagOf(request);
    TasksObserver.Attempt attempt = tag instanceof ObservedCall ? ((ObservedCall) tag).attempt : null;
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

  /** The path of a call as the API describes it, such as {@code /rest/tasks/{id}}: never a raw path. */
  static String uriTemplate(Request request) {
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
