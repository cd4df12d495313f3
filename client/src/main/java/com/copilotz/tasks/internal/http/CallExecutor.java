package com.copilotz.tasks.internal.http;

import com.copilotz.tasks.RawResponse;
import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TasksObserver;
import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.internal.errors.ErrorMapper;
import com.copilotz.tasks.internal.json.Unreadable;
import com.copilotz.tasks.internal.observe.Observing;
import com.copilotz.tasks.internal.wire.DeleteTaskResponse;
import com.copilotz.tasks.internal.wire.TaskList;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Request;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * Runs a Retrofit call, blocking or asynchronously, as its attempts require: the one retry engine
 * of the SDK. What follows an attempt is decided once, here, for both ways of running it ({@link
 * #afterAnswer}, {@link #afterFailure}, {@link #afterLookup}, with {@link RetryPolicy}): the call's
 * result, its failure as a typed {@link CopilotzException}, a retry after a wait, a lookup of what
 * an ambiguous create made before it is sent again, or (once per call) a repeat at once with a
 * refreshed token after a 401. Two thin drivers act on those decisions: {@link #execute} on the
 * calling thread, {@link #enqueue} on OkHttp's dispatcher, whose waits are scheduled, never slept.
 * Every attempt is observed and every retry logged; nothing from Jackson, Retrofit or OkHttp
 * escapes. Exhausted retries raise the exception of the last attempt.
 */
public final class CallExecutor {
  /**
   * Tells where an asynchronous call is in flight, so that cancelling the operation cancels the
   * call.
   */
  public interface CallTracker {
    /**
     * Records {@code call} as in flight.
     *
     * @param call the call about to be sent
     * @return false when the operation is over and the call must not run
     */
    boolean track(Call<?> call);
  }

  /** Starts reading the body of a streaming call's success. */
  public interface BodyReader<R> {
    /**
     * Reads the start of {@code body}; returns what owns it from then on, or null (having closed
     * it) when the body is empty. Throws, having closed it, when the body cannot be read.
     *
     * @param request the request answered
     * @param body the answer's body
     * @return what reads the rest, or null
     * @throws IOException if the body cannot be read
     */
    R open(Request request, ResponseBody body) throws IOException;
  }

  /** Repeats a call answered 401 with a refreshed token, when the token can be refreshed. */
  public interface TokenRefresh {
    /**
     * Refreshes the token {@code sent} carried, when it can.
     *
     * @param sent the request as it was sent, with its {@code Authorization}
     * @return true when the call may be repeated with a new token
     */
    boolean refreshedAfter401(Request sent);
  }

  /**
   * How to find what a POST would have created, when it is unknown whether the server acted on it:
   * a lookup call, and how to pick the result from its answer.
   */
  public static final class Recovery<T> {
    private final Supplier<Call<Object>> lookup;
    private final Function<Object, Optional<T>> pick;

    @SuppressWarnings("unchecked")
    private <R> Recovery(Supplier<Call<R>> lookup, Function<R, Optional<T>> pick) {
      this.lookup = () -> (Call<Object>) (Call<?>) lookup.get();
      this.pick = answer -> pick.apply((R) answer);
    }

    /**
     * A recovery that makes {@code lookup} and picks the created result from its answer with {@code
     * pick}.
     *
     * @param lookup makes the lookup call
     * @param pick finds the result in the lookup's answer
     * @param <T> the call's result
     * @param <R> the lookup's answer
     * @return the recovery
     */
    public static <T, R> Recovery<T> of(Supplier<Call<R>> lookup, Function<R, Optional<T>> pick) {
      return new Recovery<>(lookup, pick);
    }
  }

  private final ErrorMapper errors;
  private final RetryPolicy retryPolicy;
  private final int maxRetries;
  private final Sleeper sleeper;
  private final SdkLog log;
  private final TokenRefresh tokens;

  /**
   * An executor.
   *
   * @param errors maps failures to exceptions
   * @param retryPolicy decides what is retried
   * @param maxRetries the retries a call may make unless its options say otherwise
   * @param sleeper waits between attempts
   * @param log logs retries
   * @param tokens refreshes a token after a 401, or null when calls carry none (the login)
   */
  public CallExecutor(
      ErrorMapper errors,
      RetryPolicy retryPolicy,
      int maxRetries,
      Sleeper sleeper,
      SdkLog log,
      TokenRefresh tokens) {
    this.errors = errors;
    this.retryPolicy = retryPolicy;
    this.maxRetries = maxRetries;
    this.sleeper = sleeper;
    this.log = log;
    this.tokens = tokens;
  }

  /**
   * What waits between attempts, and between the calls of an operation that waits (a wait for a
   * task).
   *
   * @return the sleeper
   */
  public Sleeper sleeper() {
    return sleeper;
  }

  // ----- what follows an attempt: decided here, once, for both drivers

  /**
   * What an attempt came to, and what follows it: the answer's body as the call's result ({@link
   * #TAKE_BODY}), a value or a failure that ends the call, or a retry after {@link #wait} (looking
   * first when {@link #lookFirst}); with the attempt's status and outcome, for the observer.
   */
  static final class Next<T> {
    /**
     * The answer is a plain success: its body is the call's result. Shared, so that it costs
     * nothing.
     */
    @SuppressWarnings("rawtypes")
    static final Next TAKE_BODY =
        new Next<>(null, null, null, false, false, null, 0, TasksObserver.Outcome.SUCCESS);

    final T value;
    final RuntimeException error;
    final Duration wait;
    final boolean lookFirst;

    /** A repeat with a refreshed token: not counted against the call's retries. */
    final boolean refreshed;

    final String reason;
    final int status;
    final TasksObserver.Outcome outcome;

    private Next(
        T value,
        RuntimeException error,
        Duration wait,
        boolean lookFirst,
        boolean refreshed,
        String reason,
        int status,
        TasksObserver.Outcome outcome) {
      this.value = value;
      this.error = error;
      this.wait = wait;
      this.lookFirst = lookFirst;
      this.refreshed = refreshed;
      this.reason = reason;
      this.status = status;
      this.outcome = outcome;
    }

    static <T> Next<T> value(T value, int status) {
      return new Next<>(
          value, null, null, false, false, null, status, TasksObserver.Outcome.SUCCESS);
    }

    static <T> Next<T> failure(RuntimeException error, int status, TasksObserver.Outcome outcome) {
      return new Next<>(null, error, null, false, false, null, status, outcome);
    }

    static <T> Next<T> after(
        RuntimeException error,
        RetryPolicy.Decision decision,
        String reason,
        int status,
        TasksObserver.Outcome outcome) {
      return decision.retries()
          ? new Next<>(
              null, error, decision.wait, decision.lookFirst, false, reason, status, outcome)
          : failure(error, status, outcome);
    }

    static <T> Next<T> refresh(RuntimeException error, int status) {
      return new Next<>(
          null,
          error,
          Duration.ZERO,
          false,
          true,
          "HTTP 401: token refreshed",
          status,
          TasksObserver.Outcome.CLIENT_ERROR);
    }

    /** True when the call is sent again. */
    boolean retries() {
      return wait != null;
    }

    /** The call's result, or its failure thrown. */
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

  /** How many retries a call with {@code options} may make. */
  private int allowedRetries(RequestOptions options) {
    return options.maxRetries().orElse(maxRetries);
  }

  /**
   * What follows attempt number {@code attempt}, which got {@code response}. {@code retry} is the
   * number of the retry that would follow (attempts made but for a repeat with a refreshed token,
   * which is no retry: the number a failure's message gives), {@code retryAllowed} whether the call
   * may still be retried, {@code refreshAllowed} whether it may still be repeated with a new token.
   */
  @SuppressWarnings("unchecked")
  private <T> Next<T> afterAnswer(
      Request request,
      Response<T> response,
      int attempt,
      int retry,
      boolean retryAllowed,
      boolean refreshAllowed,
      Recovery<T> recovery,
      RequestOptions options) {
    tell(options, request, response);
    if (!response.isSuccessful()) {
      int status = response.code();
      CopilotzApiException error =
          errors.fromResponse(request, status, response.headers(), response.errorBody(), retry);
      if (status == 401 && refreshAllowed && tokens != null) {
        try {
          if (tokens.refreshedAfter401(response.raw().request())) {
            return Next.refresh(error, status);
          }
        } catch (RuntimeException refreshFailed) {
          return Next.failure(refreshFailed, status, TasksObserver.Outcome.CLIENT_ERROR);
        }
      }
      RetryPolicy.Decision decision =
          retryAllowed
              ? retryPolicy.afterStatus(
                  request, error, response.headers().get("Retry-After"), retry)
              : RetryPolicy.Decision.NO_RETRY;
      return Next.after(
          error, withRecovery(decision, recovery), "HTTP " + status, status, outcomeOf(status));
    }
    T body = response.body();
    if (body instanceof Unreadable) {
      return Next.failure(
          ErrorMapper.unreadable(request, ((Unreadable) body).failure()),
          response.code(),
          TasksObserver.Outcome.INVALID_RESPONSE);
    }
    if (body != null) {
      return Next.TAKE_BODY;
    }
    return afterEmptyBody(request, response);
  }

  /**
   * What follows a success with an empty body: the server's "not found", an invalid create, or
   * nothing.
   */
  private static <T> Next<T> afterEmptyBody(Request request, Response<?> response) {
    RuntimeException error = ErrorMapper.emptyBody(request, response.code(), response.headers());
    if (error == null) {
      return Next.value(null, response.code());
    }
    return Next.failure(
        error,
        response.code(),
        error instanceof NotFoundException
            ? TasksObserver.Outcome.NOT_FOUND
            : TasksObserver.Outcome.INVALID_RESPONSE);
  }

  /** What follows attempt number {@code attempt}, which got no answer. */
  private <T> Next<T> afterFailure(
      Request request,
      IOException failure,
      int attempt,
      int retry,
      boolean retryAllowed,
      Recovery<T> recovery,
      boolean cancelled) {
    if (failure instanceof InterceptedException) {
      RuntimeException cause = ((InterceptedException) failure).unwrap();
      if (cause instanceof CopilotzApiException) {
        int status = ((CopilotzApiException) cause).statusCode();
        return Next.failure(cause, status, outcomeOf(status));
      }
      return Next.failure(cause, 0, TasksObserver.Outcome.IO_ERROR);
    }
    if (failure instanceof JsonProcessingException) {
      return Next.failure(
          ErrorMapper.unreadable(request, (JsonProcessingException) failure),
          0,
          TasksObserver.Outcome.INVALID_RESPONSE);
    }
    RuntimeException error = ErrorMapper.fromIOException(request, failure, retry);
    RetryPolicy.Decision decision =
        retryAllowed && !cancelled
            ? retryPolicy.afterFailure(request, failure, retry)
            : RetryPolicy.Decision.NO_RETRY;
    return Next.after(
        error,
        withRecovery(decision, recovery),
        failure.toString(),
        0,
        cancelled ? TasksObserver.Outcome.CANCELLED : TasksObserver.Outcome.IO_ERROR);
  }

  /**
   * What follows the lookup of an ambiguous create: the task it found, the ambiguous failure (with
   * the lookup's failure attached) when the lookup failed, or null when nothing was found and the
   * create is sent again.
   */
  private static <T> Next<T> afterLookup(
      Next<T> ambiguous, Recovery<T> recovery, Object answer, Throwable failed) {
    if (failed != null) {
      ambiguous.error.addSuppressed(failed);
      return Next.failure(ambiguous.error, ambiguous.status, ambiguous.outcome);
    }
    Optional<T> found;
    try {
      found = recovery.pick.apply(answer);
    } catch (RuntimeException e) {
      return Next.failure(e, ambiguous.status, ambiguous.outcome);
    }
    return found.isPresent() ? Next.value(found.get(), ambiguous.status) : null;
  }

  private static TasksObserver.Outcome outcomeOf(int status) {
    return status >= 500 ? TasksObserver.Outcome.SERVER_ERROR : TasksObserver.Outcome.CLIENT_ERROR;
  }

  /** An ambiguous POST is only retried when its result can be looked for first. */
  private static RetryPolicy.Decision withRecovery(
      RetryPolicy.Decision decision, Recovery<?> recovery) {
    return decision.lookFirst && recovery == null ? RetryPolicy.Decision.NO_RETRY : decision;
  }

  /**
   * Ends an attempt's observation, when there is one, and logs the retry that follows, when one
   * does.
   */
  private void ended(
      TasksObserver.Attempt observation,
      long started,
      Next<?> next,
      Request request,
      int attempt,
      int allowed) {
    if (observation != null) {
      Observing.attemptEnded(
          observation,
          new TasksObserver.AttemptEnd(
              next.status,
              next.outcome,
              next.error,
              Duration.ofNanos(System.nanoTime() - started),
              next.retries() ? next.reason : null));
    }
    if (next.retries()) {
      log.retry(request, next.reason, next.wait.toMillis(), attempt, allowed);
    }
  }

  /**
   * Starts observing attempt number {@code number}, when the call's operation is observed; null
   * otherwise.
   */
  private static TasksObserver.Attempt attemptStarted(
      CallContext context, Request request, int number, String reason) {
    if (context == null || context.operation() == null) {
      return null;
    }
    TasksObserver.Attempt attempt =
        Observing.attemptStarted(context.operation(), request, number, reason);
    context.attempt(attempt);
    return attempt;
  }

  /**
   * Tells the observer, if any, that an attempt succeeded. Allocates nothing when there is none.
   */
  private static void succeeded(TasksObserver.Attempt observation, long started, int status) {
    if (observation != null) {
      Observing.attemptEnded(
          observation,
          new TasksObserver.AttemptEnd(
              status,
              TasksObserver.Outcome.SUCCESS,
              null,
              Duration.ofNanos(System.nanoTime() - started),
              null));
    }
  }

  private static void tell(RequestOptions options, Request request, Response<?> response) {
    if (options.responseListener().isEmpty()) {
      return;
    }
    try {
      options
          .responseListener()
          .get()
          .accept(
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

  /**
   * The body as a user may see it: a list's tasks rather than the wire's wrapper; nothing for a
   * delete.
   */
  private static Object publicBody(Object body) {
    if (body instanceof TaskList) {
      List<?> tasks = ((TaskList) body).getData();
      return tasks == null ? List.of() : tasks;
    }
    return body instanceof DeleteTaskResponse
            || body instanceof Unreadable
            || body instanceof ResponseBody
        ? null
        : body;
  }

  // ----- the blocking driver

  /**
   * Executes {@code call} on this thread, as its attempts require, and returns its result.
   *
   * @param call the call
   * @param <T> its result
   * @return the result
   * @throws CopilotzException if the call fails
   */
  public <T> T execute(Call<T> call) {
    return execute(call, null, null);
  }

  /**
   * Executes {@code call} on this thread; when a create is ambiguous, {@code recovery} (if not
   * null) looks for its result before it is sent again.
   *
   * @param call the call
   * @param recovery how an ambiguous create is looked for, or null
   * @param <T> its result
   * @return the result
   * @throws CopilotzException if the call fails
   */
  public <T> T execute(Call<T> call, Recovery<T> recovery) {
    return execute(call, recovery, null);
  }

  /**
   * Opens the body of a streaming call (one whose body Retrofit leaves unread) with {@code reader},
   * on this thread: the attempt is the call and the reader's start on its body, so a failure before
   * the reader returns (before anything was handed out) is retried like any failed attempt. What
   * the reader returns owns the body.
   *
   * @param call the streaming call
   * @param reader reads the start of its body
   * @param <R> what reads the rest
   * @return the reader's result
   * @throws CopilotzException if the call fails
   */
  public <R> R open(Call<ResponseBody> call, BodyReader<R> reader) {
    return execute(call, null, reader);
  }

  @SuppressWarnings("unchecked")
  private <T, R> R execute(Call<T> call, Recovery<T> recovery, BodyReader<R> reader) {
    CallContext context = CallContext.of(call.request());
    RequestOptions options = CallContext.optionsOf(context);
    int allowed = allowedRetries(options);
    String reason = null;
    boolean refreshAllowed = true;
    for (int attempt = 1, retry = 1; ; attempt++) {
      Request request = call.request();
      TasksObserver.Attempt observation = attemptStarted(context, request, attempt, reason);
      long started = observation == null ? 0 : System.nanoTime();
      Next<T> next;
      try {
        Response<T> response = call.execute();
        if (reader != null && response.isSuccessful()) {
          tell(options, request, response);
          R opened = reader.open(request, (ResponseBody) response.body());
          if (opened != null) {
            succeeded(observation, started, response.code());
            return opened;
          }
          next = afterEmptyBody(request, response);
        } else {
          next =
              afterAnswer(
                  request,
                  response,
                  attempt,
                  retry,
                  retry <= allowed,
                  refreshAllowed,
                  recovery,
                  options);
          if (next == Next.TAKE_BODY) {
            succeeded(observation, started, response.code());
            return (R) response.body();
          }
        }
      } catch (IOException e) {
        next =
            afterFailure(request, e, attempt, retry, retry <= allowed, recovery, call.isCanceled());
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        // OkHttp is Kotlin: execute() may throw a checked exception it does not declare, such as
        // the InterruptedException of a connect on an interrupted thread. The flag is kept.
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        next = Next.failure(ErrorMapper.undeclared(request, e), 0, TasksObserver.Outcome.IO_ERROR);
      }
      ended(observation, started, next, request, retry, allowed);
      if (!next.retries()) {
        return (R) next.get();
      }
      reason = next.reason;
      if (next.refreshed) {
        refreshAllowed = false;
      } else {
        retry++;
      }
      try {
        sleeper.sleep(next.wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ErrorMapper.interruptedWhileWaiting(request, e, next.error);
      }
      if (next.lookFirst) {
        Next<T> looked;
        try {
          looked = afterLookup(next, recovery, execute(recovery.lookup.get()), null);
        } catch (RuntimeException lookupFailed) {
          looked = afterLookup(next, recovery, null, lookupFailed);
        }
        if (looked != null) {
          return (R) looked.get();
        }
      }
      call = call.clone();
    }
  }

  // ----- the asynchronous driver

  /**
   * Enqueues {@code call} on OkHttp's dispatcher and completes the returned future as {@link
   * #execute} would return or throw. No thread waits meanwhile: retries and lookups are scheduled.
   * Each attempt is first offered to {@code tracker}; when it refuses (the operation is over,
   * cancelled), the call is cancelled and the future fails with a {@link CancellationException}.
   *
   * @param call the call
   * @param recovery how an ambiguous create is looked for, or null
   * @param tracker told of each attempt in flight
   * @param <T> the call's result
   * @return the call's future
   */
  public <T> CompletableFuture<T> enqueue(Call<T> call, Recovery<T> recovery, CallTracker tracker) {
    CompletableFuture<T> result = new CompletableFuture<>();
    CallContext context;
    try {
      context = CallContext.of(call.request());
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    new AsyncCall<>(context, recovery, tracker, result).send(call);
    return result;
  }

  /** The state of one asynchronous call across its attempts, which run one after another. */
  private final class AsyncCall<T> {
    private final CallContext context;
    private final RequestOptions options;
    private final Recovery<T> recovery;
    private final CallTracker tracker;
    private final CompletableFuture<T> result;
    private final int allowed;
    private int attempt;
    private int retry = 1;
    private boolean refreshAllowed = true;
    private String reason;

    AsyncCall(
        CallContext context,
        Recovery<T> recovery,
        CallTracker tracker,
        CompletableFuture<T> result) {
      this.context = context;
      this.options = CallContext.optionsOf(context);
      this.recovery = recovery;
      this.tracker = tracker;
      this.result = result;
      this.allowed = allowedRetries(options);
    }

    void send(Call<T> call) {
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
      int number = ++attempt;
      TasksObserver.Attempt observation = attemptStarted(context, request, number, reason);
      long started = observation == null ? 0 : System.nanoTime();
      call.enqueue(
          new Callback<T>() {
            @Override
            public void onResponse(Call<T> done, Response<T> response) {
              Next<T> next =
                  afterAnswer(
                      request,
                      response,
                      number,
                      retry,
                      retry <= allowed,
                      refreshAllowed,
                      recovery,
                      options);
              settle(
                  done,
                  request,
                  observation,
                  started,
                  next == Next.TAKE_BODY ? Next.value(response.body(), response.code()) : next);
            }

            @Override
            public void onFailure(Call<T> done, Throwable failure) {
              settle(
                  done,
                  request,
                  observation,
                  started,
                  failure instanceof IOException
                      ? afterFailure(
                          request,
                          (IOException) failure,
                          number,
                          retry,
                          retry <= allowed,
                          recovery,
                          done.isCanceled())
                      : Next.failure(
                          ErrorMapper.unexpected(request, failure),
                          0,
                          TasksObserver.Outcome.IO_ERROR));
            }
          });
    }

    private void settle(
        Call<T> done,
        Request request,
        TasksObserver.Attempt observation,
        long started,
        Next<T> next) {
      ended(observation, started, next, request, retry, allowed);
      if (!next.retries()) {
        next.complete(result);
        return;
      }
      reason = next.reason;
      if (next.refreshed) {
        refreshAllowed = false;
      } else {
        retry++;
      }
      Runnable again = () -> send(done.clone());
      sleeper.schedule(next.wait, next.lookFirst ? () -> lookThen(next, again) : again);
    }

    private void lookThen(Next<T> ambiguous, Runnable again) {
      enqueue(recovery.lookup.get(), null, tracker)
          .whenComplete(
              (answer, lookupFailed) -> {
                Next<T> looked = afterLookup(ambiguous, recovery, answer, lookupFailed);
                if (looked == null) {
                  again.run();
                } else {
                  looked.complete(result);
                }
              });
    }
  }
}
