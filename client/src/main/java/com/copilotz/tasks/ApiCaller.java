package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.internal.wire.DeleteTaskResponse;
import com.copilotz.tasks.internal.wire.TaskList;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Request;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * The one place that executes a Retrofit call, blocking or asynchronously: it follows the call's
 * {@link RequestOptions} (carried by its request), retries what {@link RetryPolicy} allows, looks for the result of an ambiguous
 * create before sending it again, and turns every way a call can fail into a typed
 * {@link CopilotzException}. Nothing from Jackson, Retrofit or OkHttp escapes it. Exhausted retries raise
 * the exception of the last attempt.
 */
final class ApiCaller {
  /** Waits between attempts; tests replace it to record the waits instead of waiting. */
  interface Sleeper {
    /** Blocks the calling thread for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** Runs {@code task} after {@code duration} without blocking a thread meanwhile. */
    default void schedule(Duration duration, Runnable task) {
      CompletableFuture.delayedExecutor(duration.toMillis(), TimeUnit.MILLISECONDS).execute(task);
    }
  }

  /** Tells where an asynchronous call is in flight, so that cancelling the operation cancels the call. */
  interface CallTracker {
    /** Records {@code call} as in flight; false when the operation is over and the call must not run. */
    boolean track(Call<?> call);
  }

  /**
   * How to find what a POST would have created, when it is unknown whether the server acted on it: a lookup
   * call, and how to pick the result from its answer.
   */
  static final class Recovery<T> {
    private final Supplier<Call<Object>> lookup;
    private final Function<Object, Optional<T>> pick;

    @SuppressWarnings("unchecked")
    private <R> Recovery(Supplier<Call<R>> lookup, Function<R, Optional<T>> pick) {
      this.lookup = () -> (Call<Object>) (Call<?>) lookup.get();
      this.pick = answer -> pick.apply((R) answer);
    }

    static <T, R> Recovery<T> of(Supplier<Call<R>> lookup, Function<R, Optional<T>> pick) {
      return new Recovery<>(lookup, pick);
    }
  }

  private final ErrorMapper errors;
  private final RetryPolicy retryPolicy;
  private final int maxRetries;
  private final Sleeper sleeper;
  private final SdkLog log;

  ApiCaller(ErrorMapper errors, RetryPolicy retryPolicy, int maxRetries, Sleeper sleeper, SdkLog log) {
    this.errors = errors;
    this.retryPolicy = retryPolicy;
    this.maxRetries = maxRetries;
    this.sleeper = sleeper;
    this.log = log;
  }

  <T> T execute(Call<T> call) {
    return execute(call, null, null);
  }

  /**
   * Executes {@code call} on this thread, retrying as allowed, and returns its body. A success with an empty
   * body means "not found" for GET and PUT (the real server's answer to a missing id), is an invalid answer
   * for POST, and is null otherwise. When a POST is ambiguous, {@code recovery} (if any) looks for its result
   * before it is sent again; without one, the ambiguous failure is raised as it is. The call's options are
   * the ones its request carries.
   */
  <T> T execute(Call<T> call, Recovery<T> recovery) {
    return execute(call, recovery, null);
  }

  /**
   * Opens the body of a streaming call (one whose body Retrofit leaves unread) with {@code reader}, on this
   * thread, retrying as allowed: the attempt is the call and the reader's start on its body, so a failure
   * before the reader returns (before anything was handed out) is retried like any failed attempt. What the
   * reader returns owns the body; an empty body is handled as {@link #execute} handles one.
   */
  <R> R open(Call<ResponseBody> call, BodyReader<R> reader) {
    return execute(call, null, reader);
  }

  /** Starts reading the body of a streaming call's success. */
  interface BodyReader<R> {
    /**
     * Reads the start of {@code body}; returns what owns it from then on, or null (having closed it) when the
     * body is empty. Throws, having closed it, when the body cannot be read.
     */
    R open(Request request, ResponseBody body) throws IOException;
  }

  @SuppressWarnings("unchecked")
  private <T, R> R execute(Call<T> call, Recovery<T> recovery, BodyReader<R> reader) {
    Call<T> attempt = call;
    Object tag = OptionsCallFactory.tagOf(call.request());
    RequestOptions options = OptionsCallFactory.optionsOf(tag);
    ObservedCall observed = tag instanceof ObservedCall ? (ObservedCall) tag : null;
    int allowed = options.maxRetries != null ? options.maxRetries : maxRetries;
    String retryReason = null;
    for (int retry = 1; ; retry++) {
      Call<T> current = attempt;
      Request request = current.request();
      TasksObserver.Attempt observation = Observing.attemptStarted(observed, request, retry, retryReason);
      long started = observation == null ? 0 : System.nanoTime();
      Outcome<T> outcome;
      try {
        Response<T> response = current.execute();
        T body = response.body();
        if (reader != null && response.isSuccessful()) {
          tell(options, request, response);
          R opened = reader.open(request, (ResponseBody) body);
          if (opened != null) {
            observeSuccess(observation, started, response.code());
            return opened;
          }
          outcome = emptyBody(request, response);
        } else if (response.isSuccessful() && body != null && !(body instanceof Json.Unreadable)
            && options.responseListener == null) {
          observeSuccess(observation, started, response.code());
          return (R) body;
        } else {
          outcome = evaluate(request, response, retry, retry <= allowed ? retry : 0, recovery, options);
        }
      } catch (IOException e) {
        outcome = evaluate(request, e, retry, retry <= allowed && !current.isCanceled() ? retry : 0, recovery,
            current.isCanceled());
      }
      observeEnd(observation, started, outcome);
      if (outcome.decision == RetryPolicy.Decision.GIVE_UP) {
        return (R) outcome.get();
      }
      retryReason = outcome.reason();
      log.retry(request, outcome.reason(), outcome.decision.wait.toMillis(), retry, allowed);
      try {
        sleeper.sleep(outcome.decision.wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        CopilotzIOException interrupted =
            new CopilotzIOException(ErrorMapper.describe(request) + " was interrupted while waiting to retry", e);
        interrupted.addSuppressed(outcome.error);
        throw interrupted;
      }
      if (outcome.decision.lookFirst) {
        Optional<T> found;
        try {
          found = recovery.pick.apply(execute(recovery.lookup.get()));
        } catch (RuntimeException lookupFailed) {
          outcome.error.addSuppressed(lookupFailed);
          throw outcome.error;
        }
        if (found.isPresent()) {
          return (R) found.get();
        }
      }
      attempt = current.clone();
    }
  }

  /**
   * Enqueues {@code call} on OkHttp's dispatcher and completes the returned future as {@link #execute} would
   * return or throw. No thread waits meanwhile: retries and lookups are scheduled. Each attempt is first
   * offered to {@code tracker}; when it refuses (the operation is over, cancelled), the call is cancelled and
   * the future fails with a {@link CancellationException}.
   */
  <T> CompletableFuture<T> enqueue(Call<T> call, Recovery<T> recovery, CallTracker tracker) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Object tag;
    try {
      tag = OptionsCallFactory.tagOf(call.request());
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    RequestOptions options = OptionsCallFactory.optionsOf(tag);
    ObservedCall observed = tag instanceof ObservedCall ? (ObservedCall) tag : null;
    int allowed = options.maxRetries != null ? options.maxRetries : maxRetries;
    enqueue(call, options, observed, recovery, tracker, result, 1, allowed, null);
    return result;
  }

  private <T> void enqueue(
      Call<T> call,
      RequestOptions options,
      ObservedCall observed,
      Recovery<T> recovery,
      CallTracker tracker,
      CompletableFuture<T> result,
      int retry,
      int allowed,
      String retryReason) {
    if (!tracker.track(call)) {
      call.cancel();
      result.completeExceptionally(new CancellationException("The operation was cancelled"));
      return;
    }
    Request request;
    try {
      request = call.request();
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    int chance = retry <= allowed ? retry : 0;
    TasksObserver.Attempt observation = Observing.attemptStarted(observed, request, retry, retryReason);
    long started = observation == null ? 0 : System.nanoTime();
    call.enqueue(
        new Callback<T>() {
          @Override
          public void onResponse(Call<T> done, Response<T> response) {
            settle(evaluate(request, response, retry, chance, recovery, options));
          }

          @Override
          public void onFailure(Call<T> done, Throwable failure) {
            settle(
                failure instanceof IOException
                    ? evaluate(request, (IOException) failure, retry, done.isCanceled() ? 0 : chance, recovery,
                        done.isCanceled())
                    : Outcome.failed(
                        failure instanceof RuntimeException
                            ? (RuntimeException) failure
                            : new CopilotzException(ErrorMapper.describe(request) + " failed", failure),
                        0, TasksObserver.Outcome.IO_ERROR));
          }

          private void settle(Outcome<T> outcome) {
            observeEnd(observation, started, outcome);
            if (outcome.decision == RetryPolicy.Decision.GIVE_UP) {
              outcome.complete(result);
              return;
            }
            log.retry(request, outcome.reason(), outcome.decision.wait.toMillis(), retry, allowed);
            Runnable again = () -> enqueue(
                call.clone(), options, observed, recovery, tracker, result, retry + 1, allowed, outcome.reason());
            sleeper.schedule(outcome.decision.wait, outcome.decision.lookFirst ? () -> lookThen(outcome, again) : again);
          }

          private void lookThen(Outcome<T> outcome, Runnable again) {
            enqueue(recovery.lookup.get(), null, tracker)
                .whenComplete(
                    (answer, lookupFailed) -> {
                      if (lookupFailed != null) {
                        outcome.error.addSuppressed(lookupFailed);
                        result.completeExceptionally(outcome.error);
                        return;
                      }
                      Optional<T> found;
                      try {
                        found = recovery.pick.apply(answer);
                      } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                        return;
                      }
                      if (found.isPresent()) {
                        result.complete(found.get());
                      } else {
                        again.run();
                      }
                    });
          }
        });
  }

  /**
   * How attempt number {@code attempt} (from 1) came out; {@code retry} is the number of the retry that would
   * follow, or 0 when none is allowed.
   */
  private <T> Outcome<T> evaluate(
      Request request, IOException failure, int attempt, int retry, Recovery<T> recovery, boolean cancelled) {
    if (failure instanceof InterceptedException) {
      RuntimeException cause = ((InterceptedException) failure).unwrap();
      if (cause instanceof CopilotzApiException) {
        int status = ((CopilotzApiException) cause).statusCode();
        return Outcome.failed(cause, status, kindOf(status));
      }
      return Outcome.failed(cause, 0, TasksObserver.Outcome.IO_ERROR);
    }
    if (failure instanceof JsonProcessingException) {
      return Outcome.failed(ErrorMapper.unreadable(request, (JsonProcessingException) failure), 0,
          TasksObserver.Outcome.INVALID_RESPONSE);
    }
    RuntimeException error = ErrorMapper.fromIOException(request, failure, attempt);
    RetryPolicy.Decision decision =
        retry == 0 ? RetryPolicy.Decision.GIVE_UP : retryPolicy.afterFailure(request, failure, retry);
    return Outcome.of(error, withRecovery(decision, recovery), failure.toString(), 0,
        cancelled ? TasksObserver.Outcome.CANCELLED : TasksObserver.Outcome.IO_ERROR);
  }

  private static TasksObserver.Outcome kindOf(int status) {
    return status >= 500 ? TasksObserver.Outcome.SERVER_ERROR : TasksObserver.Outcome.CLIENT_ERROR;
  }

  /** As the other {@code evaluate}, for an attempt that got an answer. */
  private <T> Outcome<T> evaluate(
      Request request, Response<T> response, int attempt, int retry, Recovery<T> recovery, RequestOptions options) {
    tell(options, request, response);
    if (!response.isSuccessful()) {
      CopilotzApiException error =
          errors.fromResponse(request, response.code(), response.headers(), response.errorBody(), attempt);
      RetryPolicy.Decision decision =
          retry == 0
              ? RetryPolicy.Decision.GIVE_UP
              : retryPolicy.afterStatus(request, error, response.headers().get("Retry-After"), retry);
      return Outcome.of(error, withRecovery(decision, recovery), "HTTP " + response.code(), response.code(),
          kindOf(response.code()));
    }
    T body = response.body();
    if (body instanceof Json.Unreadable) {
      return Outcome.failed(ErrorMapper.unreadable(request, ((Json.Unreadable) body).failure), response.code(),
          TasksObserver.Outcome.INVALID_RESPONSE);
    }
    if (body != null) {
      return Outcome.succeeded(body, response.code());
    }
    return emptyBody(request, response);
  }

  /** A success with an empty body: the server's "not found" for GET and PUT. */
  private static <T> Outcome<T> emptyBody(Request request, Response<?> response) {
    switch (request.method()) {
      case "GET":
      case "PUT":
        return Outcome.failed(ErrorMapper.notFound(request, response.code(), response.headers()), response.code(),
            TasksObserver.Outcome.NOT_FOUND);
      case "POST":
        return Outcome.failed(ErrorMapper.emptyBody(request, response.code()), response.code(),
            TasksObserver.Outcome.INVALID_RESPONSE);
      default:
        return Outcome.succeeded(null, response.code());
    }
  }

  /** An ambiguous POST is only retried when its result can be looked for first. */
  private static RetryPolicy.Decision withRecovery(RetryPolicy.Decision decision, Recovery<?> recovery) {
    return decision.lookFirst && recovery == null ? RetryPolicy.Decision.GIVE_UP : decision;
  }

  private static void tell(RequestOptions options, Request request, Response<?> response) {
    if (options.responseListener == null) {
      return;
    }
    try {
      options.responseListener.accept(
          new RawResponse(
              request.method(),
              request.url().encodedPath(),
              response.code(),
              response.headers().toMultimap(),
              publicBody(response.body())));
    } catch (RuntimeException ignored) {
      // A listener that throws must not change the call; see RequestOptions.Builder#onResponse.
    }
  }

  /** The body as a user may see it: a list's tasks rather than the wire's wrapper; nothing for a delete. */
  private static Object publicBody(Object body) {
    if (body instanceof TaskList) {
      return PageWalker.tasksOf((TaskList) body);
    }
    return body instanceof DeleteTaskResponse || body instanceof Json.Unreadable || body instanceof ResponseBody
        ? null
        : body;
  }

  /** Tells the observer, if any, that an attempt succeeded. Allocates nothing when there is none. */
  private static void observeSuccess(TasksObserver.Attempt observation, long started, int status) {
    if (observation != null) {
      Observing.attemptEnded(observation, new TasksObserver.AttemptEnd(
          status, TasksObserver.Outcome.SUCCESS, null, Duration.ofNanos(System.nanoTime() - started), null));
    }
  }

  /** Tells the observer, if any, how an attempt ended and whether another follows. */
  private static void observeEnd(TasksObserver.Attempt observation, long started, Outcome<?> outcome) {
    if (observation != null) {
      boolean retried = outcome.decision != RetryPolicy.Decision.GIVE_UP;
      Observing.attemptEnded(observation, new TasksObserver.AttemptEnd(
          outcome.status, outcome.kind, outcome.error, Duration.ofNanos(System.nanoTime() - started),
          retried ? outcome.reason() : null));
    }
  }

  /** What one attempt came to: a value, or an error with what follows it; its status and outcome. */
  private static final class Outcome<T> {
    final T value;
    final RuntimeException error;
    final RetryPolicy.Decision decision;
    final int status;
    final TasksObserver.Outcome kind;
    private final String reason;

    private Outcome(
        T value, RuntimeException error, RetryPolicy.Decision decision, String reason, int status,
        TasksObserver.Outcome kind) {
      this.value = value;
      this.error = error;
      this.decision = decision;
      this.reason = reason;
      this.status = status;
      this.kind = kind;
    }

    static <T> Outcome<T> succeeded(T value, int status) {
      return new Outcome<>(value, null, RetryPolicy.Decision.GIVE_UP, null, status, TasksObserver.Outcome.SUCCESS);
    }

    static <T> Outcome<T> failed(RuntimeException error, int status, TasksObserver.Outcome kind) {
      return new Outcome<>(null, error, RetryPolicy.Decision.GIVE_UP, null, status, kind);
    }

    static <T> Outcome<T> of(
        RuntimeException error, RetryPolicy.Decision decision, String reason, int status, TasksObserver.Outcome kind) {
      return new Outcome<>(null, error, decision, reason, status, kind);
    }

    String reason() {
      return reason;
    }

    T get() {
      if (error != null) {
        throw error;
      }
      return value;
    }

    void complete(CompletableFuture<T> future) {
      if (error != null) {
        future.completeExceptionally(error);
      } else {
        future.complete(value);
      }
    }
  }
}
