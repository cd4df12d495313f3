package com.copilotz.tasks;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Observes what the client does, for metrics and traces: each SDK operation ({@code getTask},
 * {@code createTask}, {@code advance}, {@code upsertByExtId}, {@code taskSync}, ...) and each HTTP
 * attempt it makes (an {@code advance} is three attempts: a GET, maybe a second GET, a PUT; a
 * retried call is one attempt per try). Set one with {@link
 * TasksClient.Builder#observer(TasksObserver)}; the {@code copilotz-tasks-micrometer} module
 * implements it over Micrometer's Observation API.
 *
 * <p>Without an observer the client makes none of these calls and allocates nothing for them. With
 * one, its methods are called on the threads that do the work (the caller's, or OkHttp's for the
 * async client), possibly several at once for one operation (a bulk sync runs rows in parallel):
 * they must be thread-safe and quick. What they throw is ignored.
 */
@FunctionalInterface
public interface TasksObserver {
  /**
   * Tells that an operation starts, on the thread that called the SDK method.
   *
   * @param operation what the operation is
   * @return the observation of the operation, told of its attempts and of its end; never null
   */
  Operation operationStarted(OperationStart operation);

  /** The observation of one operation. */
  interface Operation {
    /**
     * Tells that an HTTP attempt of this operation starts, just before its request is sent.
     *
     * @param attempt what the attempt is
     * @return the observation of the attempt; never null
     */
    Attempt attemptStarted(AttemptStart attempt);

    /**
     * Tells what a bulk sync ({@code taskSync}) did, just before it ends. Other operations never
     * call it.
     *
     * @param report the sync's counts and failed rows
     */
    default void rowsSynced(SyncReport report) {}

    /**
     * Tells what became of one task a {@link StepWorker} handled ({@code handleTask}): its result,
     * how long the handler ran, and the lag from the task's {@code updatedAt}; just before the
     * operation ends. Other operations never call it.
     *
     * @param handled the task's result, handler time and lag
     */
    default void taskHandled(HandledTask handled) {}

    /**
     * Tells that the operation ended.
     *
     * @param failure what it failed with, or null when it succeeded
     */
    void operationEnded(@Nullable Throwable failure);
  }

  /** The observation of one HTTP attempt. */
  interface Attempt {
    /**
     * Returns headers to add to this attempt's request, such as a W3C {@code traceparent}; read
     * once, when the request is sent. {@code Authorization} cannot be set this way.
     *
     * @return the headers, empty by default
     */
    default Map<String, String> requestHeaders() {
      return Map.of();
    }

    /**
     * Tells how the attempt ended.
     *
     * @param attempt what came of it
     */
    void attemptEnded(AttemptEnd attempt);
  }

  /** What came of an HTTP attempt, seen from the SDK. */
  enum Outcome {
    /** A 2xx answer that was read. */
    SUCCESS,
    /** The server's "not found": a 200 with an empty body for a GET or PUT. */
    NOT_FOUND,
    /** A 1xx, 3xx or 4xx answer. */
    CLIENT_ERROR,
    /** A 5xx answer. */
    SERVER_ERROR,
    /** A 2xx answer whose body could not be read. */
    INVALID_RESPONSE,
    /** No answer: the connection failed, was cut or timed out. */
    IO_ERROR,
    /** The call was cancelled. */
    CANCELLED
  }

  /** An operation as it starts. */
  final class OperationStart {
    private final String name;
    private final @Nullable Long taskId;
    private final @Nullable String extId;
    private final boolean async;

    /**
     * Describes an operation as it starts; the SDK makes these, and a test of an observer may too.
     *
     * @param name the operation's name, such as {@code getTask}
     * @param taskId the task's id, or null when not known
     * @param extId the task's extId, or null when not known
     * @param async whether it is the asynchronous client's
     */
    public OperationStart(
        String name, @Nullable Long taskId, @Nullable String extId, boolean async) {
      this.name = name;
      this.taskId = taskId;
      this.extId = extId;
      this.async = async;
    }

    /**
     * Returns the operation's name: the SDK method's, such as {@code getTask} or {@code taskSync},
     * {@code login} for the login the client makes with credentials, or {@code mcp.<tool>} (such as
     * {@code mcp.get_task}) for a tool call of the {@code copilotz-tasks-mcp} server over the
     * client.
     *
     * @return the name
     */
    public String name() {
      return name;
    }

    /**
     * Returns the id of the task the operation is about.
     *
     * @return the task's {@code _id}, or empty when the operation is not about one known task
     */
    public OptionalLong taskId() {
      return taskId == null ? OptionalLong.empty() : OptionalLong.of(taskId);
    }

    /**
     * Returns the extId the operation is about.
     *
     * @return the extId, or empty when the operation is not about one
     */
    public Optional<String> extId() {
      return Optional.ofNullable(extId);
    }

    /**
     * Tells whether the operation was called on {@link AsyncTasksClient}.
     *
     * @return true for the async client
     */
    public boolean async() {
      return async;
    }

    @Override
    public String toString() {
      return "OperationStart[" + name + (async ? " async" : "") + "]";
    }
  }

  /** An HTTP attempt as it starts. */
  final class AttemptStart {
    private final String method;
    private final String uriTemplate;
    private final int number;
    private final @Nullable String retryReason;

    /**
     * Describes an attempt as it starts; the SDK makes these, and a test of an observer may too.
     *
     * @param method the HTTP method
     * @param uriTemplate the path as the API describes it, such as {@code /rest/tasks/{id}}
     * @param number the attempt's number, from 1
     * @param retryReason why the attempt before was retried, or null for the first
     */
    public AttemptStart(
        String method, String uriTemplate, int number, @Nullable String retryReason) {
      this.method = method;
      this.uriTemplate = uriTemplate;
      this.number = number;
      this.retryReason = retryReason;
    }

    /**
     * Returns the HTTP method.
     *
     * @return such as {@code "GET"}
     */
    public String method() {
      return method;
    }

    /**
     * Returns the path as the API describes it, never with ids filled in.
     *
     * @return such as {@code "/rest/tasks/{id}"}
     */
    public String uriTemplate() {
      return uriTemplate;
    }

    /**
     * Returns the number of this attempt of its call: 1, then 2 for the first retry, and so on.
     *
     * @return the attempt number, from 1
     */
    public int number() {
      return number;
    }

    /**
     * Returns why the attempt before this one was retried.
     *
     * @return such as {@code "HTTP 503"}, or empty for a first attempt
     */
    public Optional<String> retryReason() {
      return Optional.ofNullable(retryReason);
    }

    @Override
    public String toString() {
      return "AttemptStart[" + method + " " + uriTemplate + " #" + number + "]";
    }
  }

  /** How an HTTP attempt ended. */
  final class AttemptEnd {
    private final int statusCode;
    private final Outcome outcome;
    private final @Nullable Throwable failure;
    private final Duration duration;
    private final @Nullable String retryReason;

    /**
     * Describes how an attempt ended; the SDK makes these, and a test of an observer may too.
     *
     * @param statusCode the HTTP status, or 0 without an answer
     * @param outcome how it ended
     * @param failure its exception, or null
     * @param duration how long it took
     * @param retryReason why it is retried, or null when it is not
     * @throws NullPointerException if {@code outcome} is null
     */
    public AttemptEnd(
        int statusCode,
        Outcome outcome,
        @Nullable Throwable failure,
        Duration duration,
        @Nullable String retryReason) {
      this.statusCode = statusCode;
      this.outcome = Objects.requireNonNull(outcome, "outcome");
      this.failure = failure;
      this.duration = duration;
      this.retryReason = retryReason;
    }

    /**
     * Returns the HTTP status of the answer.
     *
     * @return the status, or 0 when no answer came
     */
    public int statusCode() {
      return statusCode;
    }

    /**
     * Returns what came of the attempt.
     *
     * @return the outcome
     */
    public Outcome outcome() {
      return outcome;
    }

    /**
     * Returns the exception the attempt came to, which the call throws unless it is retried.
     *
     * @return the exception, or empty for a success
     */
    public Optional<Throwable> failure() {
      return Optional.ofNullable(failure);
    }

    /**
     * Returns how long the attempt took, from sending its request to reading its answer.
     *
     * @return the duration
     */
    public Duration duration() {
      return duration;
    }

    /**
     * Tells whether the call is tried again after this attempt.
     *
     * @return true when another attempt follows
     */
    public boolean retried() {
      return retryReason != null;
    }

    /**
     * Returns why the call is tried again after this attempt.
     *
     * @return such as {@code "HTTP 429"} or {@code "java.net.SocketTimeoutException: timeout"}, or
     *     empty when no attempt follows
     */
    public Optional<String> retryReason() {
      return Optional.ofNullable(retryReason);
    }

    @Override
    public String toString() {
      return "AttemptEnd["
          + outcome
          + (statusCode == 0 ? "" : " " + statusCode)
          + (retried() ? " retried" : "")
          + "]";
    }
  }
}
