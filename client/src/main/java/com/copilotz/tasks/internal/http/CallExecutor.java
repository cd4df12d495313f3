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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.ResponseBody;
import okio.Timeout;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * Runs a Retrofit call, blocking or asynchronously, as its attempts require: the one retry engine
 * of the SDK. What follows an attempt is decided once, here, for both ways of running it ({@link
 * #afterAnswer}, {@link #afterFailure}, {@link #afterSettlingRead}, with {@link RetryPolicy}): the
 * call's result, its failure as a typed {@link CopilotzException}, a retry after a wait, the
 * settling of a write whose outcome is unknown (a read of what it would have written, before it is
 * ever sent again), or (once per call) a repeat at once with a refreshed token after a 401. Two
 * thin drivers act on those decisions: {@link #execute} on the calling thread, {@link #enqueue} on
 * OkHttp's dispatcher, whose waits are scheduled, never slept. A call's total timeout, when it has
 * one, bounds its attempts and the waits between them. Every attempt is observed and every retry
 * logged; nothing from Jackson, Retrofit or OkHttp escapes. Exhausted retries raise the exception
 * of the last attempt.
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
   * How a write whose outcome is unknown (its answer was lost, or said the request may have been
   * applied) is settled: a read of what it would have written, and what that read shows. The engine
   * makes the read after the wait the failure called for, and never sends the write again unless
   * the read says it may.
   *
   * @param <T> the write's result
   */
  public abstract static class Settlement<T> {
    /** Creates a settlement. */
    protected Settlement() {}

    /**
     * Makes the read that shows whether the write was applied.
     *
     * @return the read's call
     */
    protected abstract Call<?> read();

    /**
     * What the read shows: the write's result when it was applied; empty when it was not, and it
     * may be sent again.
     *
     * @param answer the read's answer
     * @param lastFailure the write's last failure, the cause of what this throws
     * @return the result, or empty to send the write again
     * @throws RuntimeException the call's failure, when the write must not be sent again (the task
     *     moved meanwhile, or the read cannot tell)
     */
    protected abstract Optional<T> settle(Object answer, RuntimeException lastFailure);

    /**
     * The failure of a write whose outcome stays unknown: why, and how to find out.
     *
     * @param failure the write's last failure
     * @param why why it stays unknown
     * @return the exception to throw
     */
    protected abstract RuntimeException unconfirmed(RuntimeException failure, String why);

    /**
     * The failure of a write whose settling read failed: by default, its outcome stays unknown.
     *
     * @param failure the write's last failure
     * @param readFailure how the read failed
     * @return the exception to throw
     */
    protected RuntimeException readFailed(RuntimeException failure, Throwable readFailure) {
      RuntimeException unconfirmed = unconfirmed(failure, "reading it back failed");
      unconfirmed.addSuppressed(readFailure);
      return unconfirmed;
    }

    /**
     * The failure of a write the read showed not applied, when no retry is left: by default, its
     * outcome stays unknown (it may still be in flight on the server).
     *
     * @param failure the write's last failure
     * @param answer the read's answer
     * @return the exception to throw
     */
    protected RuntimeException notSentAgain(RuntimeException failure, Object answer) {
      return unconfirmed(failure, "it was not applied, and the call may not be retried again");
    }
  }

  private final ErrorMapper errors;
  private final RetryPolicy retryPolicy;
  private final int maxRetries;
  private final @Nullable Duration totalTimeout;
  private final Sleeper sleeper;
  private final SdkLog log;
  private final @Nullable TokenRefresh tokens;

  /**
   * An executor.
   *
   * @param errors maps failures to exceptions
   * @param retryPolicy decides what is retried; its clock measures a call's total timeout
   * @param maxRetries the retries a call may make unless its options say otherwise
   * @param totalTimeout what bounds a call, its attempts and the waits between them, unless its
   *     options say otherwise; null for no bound but the retries
   * @param sleeper waits between attempts
   * @param log logs retries
   * @param tokens refreshes a token after a 401, or null when calls carry none (the login)
   */
  public CallExecutor(
      ErrorMapper errors,
      RetryPolicy retryPolicy,
      int maxRetries,
      @Nullable Duration totalTimeout,
      Sleeper sleeper,
      SdkLog log,
      @Nullable TokenRefresh tokens) {
    this.errors = errors;
    this.retryPolicy = retryPolicy;
    this.maxRetries = maxRetries;
    this.totalTimeout = totalTimeout;
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
   * #TAKE_BODY}), a value or a failure that ends the call, or a retry after {@link #wait}; for a
   * write whose outcome is unknown, a settling read after {@link #wait} first ({@link
   * #settleFirst}), which may send it again only when {@link #resendAllowed}. With the attempt's
   * status and outcome, for the observer.
   */
  static final class Next<T> {
    /**
     * The answer is a plain success: its body is the call's result. Shared, so that it costs
     * nothing.
     */
    @SuppressWarnings("rawtypes")
    static final Next TAKE_BODY =
        new Next<>(null, null, null, false, false, false, null, 0, TasksObserver.Outcome.SUCCESS);

    final @Nullable T value;
    final @Nullable RuntimeException error;
    final @Nullable Duration wait;
    final boolean settleFirst;
    final boolean resendAllowed;

    /** A repeat with a refreshed token: not counted against the call's retries. */
    final boolean refreshed;

    final @Nullable String reason;
    final int status;
    final TasksObserver.Outcome outcome;

    private Next(
        @Nullable T value,
        @Nullable RuntimeException error,
        @Nullable Duration wait,
        boolean settleFirst,
        boolean resendAllowed,
        boolean refreshed,
        @Nullable String reason,
        int status,
        TasksObserver.Outcome outcome) {
      this.value = value;
      this.error = error;
      this.wait = wait;
      this.settleFirst = settleFirst;
      this.resendAllowed = resendAllowed;
      this.refreshed = refreshed;
      this.reason = reason;
      this.status = status;
      this.outcome = outcome;
    }

    static <T> Next<T> value(@Nullable T value, int status) {
      return new Next<>(
          value, null, null, false, false, false, null, status, TasksObserver.Outcome.SUCCESS);
    }

    static <T> Next<T> failure(RuntimeException error, int status, TasksObserver.Outcome outcome) {
      return new Next<>(null, error, null, false, false, false, null, status, outcome);
    }

    /**
     * What follows a failed attempt, as {@code decision} says: the failure, a retry when one is
     * allowed, or a settling read (whether or not a retry is still allowed) when the write's
     * outcome is unknown and {@code settlement} can settle it. A write that cannot be settled is
     * never sent again.
     */
    static <T> Next<T> after(
        RuntimeException error,
        RetryPolicy.Decision decision,
        boolean retryAllowed,
        @Nullable Settlement<T> settlement,
        String reason,
        int status,
        TasksObserver.Outcome outcome) {
      if (!decision.retries() || (decision.settleFirst ? settlement == null : !retryAllowed)) {
        return failure(error, status, outcome);
      }
      return new Next<>(
          null,
          error,
          decision.wait,
          decision.settleFirst,
          retryAllowed,
          false,
          reason,
          status,
          outcome);
    }

    static <T> Next<T> refresh(RuntimeException error, int status) {
      return new Next<>(
          null,
          error,
          Duration.ZERO,
          false,
          true,
          true,
          "HTTP 401: token refreshed",
          status,
          TasksObserver.Outcome.CLIENT_ERROR);
    }

    /** True when something follows: the call is sent again, or first settled. */
    boolean retries() {
      return wait != null;
    }

    /** The call's result, or its failure thrown. */
    @Nullable T get() {
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
   * When a call with {@code options}, started now, must be over, by the clock of the retry policy:
   * {@link Long#MAX_VALUE} when it has no total timeout.
   */
  private long deadline(RequestOptions options) {
    Duration total = options.totalTimeout().orElse(totalTimeout);
    return total == null ? Long.MAX_VALUE : retryPolicy.clock().millis() + total.toMillis();
  }

  /**
   * Bounds the attempt {@code call} is about to make by what is left of the call's total timeout,
   * when that is less than the attempt's own timeout; false when nothing is left.
   */
  private boolean fitsInDeadline(Call<?> call, long deadline) {
    if (deadline == Long.MAX_VALUE) {
      return true;
    }
    long left = deadline - retryPolicy.clock().millis();
    if (left <= 0) {
      return false;
    }
    Timeout timeout = call.timeout();
    if (timeout.timeoutNanos() == 0 || timeout.timeoutNanos() > left * 1_000_000L) {
      timeout.timeout(left, TimeUnit.MILLISECONDS);
    }
    return true;
  }

  /**
   * What follows {@code next} when the call must be over by {@code deadline}: itself when its wait
   * ends in time; else the call's failure, and, for a write whose outcome is unknown, that it stays
   * unknown.
   */
  private <T> Next<T> withinDeadline(
      Next<T> next, long deadline, @Nullable Settlement<T> settlement) {
    if (!next.retries()
        || next.refreshed
        || deadline == Long.MAX_VALUE
        || retryPolicy.clock().millis() + next.wait.toMillis() < deadline) {
      return next;
    }
    RuntimeException error =
        next.settleFirst
            ? settlement.unconfirmed(next.error, "the call's total timeout is over")
            : next.error;
    return Next.failure(error, next.status, next.outcome);
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
      @Nullable Settlement<T> settlement,
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
          retryPolicy.afterStatus(request, error, response.headers().get("Retry-After"), retry);
      return Next.after(
          error, decision, retryAllowed, settlement, "HTTP " + status, status, outcomeOf(status));
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

  /**
   * What follows attempt number {@code attempt}, which got no answer. A timeout is no cancellation,
   * whichever of OkHttp's timeouts fired.
   */
  private <T> Next<T> afterFailure(
      Request request,
      IOException failure,
      int attempt,
      int retry,
      boolean retryAllowed,
      @Nullable Settlement<T> settlement,
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
    boolean byTheCaller = cancelled && !ErrorMapper.timedOut(failure);
    RetryPolicy.Decision decision =
        byTheCaller
            ? RetryPolicy.Decision.NO_RETRY
            : retryPolicy.afterFailure(request, failure, retry, cancelled);
    return Next.after(
        error,
        decision,
        retryAllowed,
        settlement,
        failure.toString(),
        0,
        byTheCaller ? TasksObserver.Outcome.CANCELLED : TasksObserver.Outcome.IO_ERROR);
  }

  /**
   * What follows the settling read of a write whose outcome was unknown: the write's result when it
   * was applied; a failure when it must not be sent again or the read failed; null when it was not
   * applied and is sent again, if {@code unknown} still allows a retry.
   */
  private static <T> @Nullable Next<T> afterSettlingRead(
      Next<T> unknown,
      Settlement<T> settlement,
      @Nullable Object answer,
      @Nullable Throwable readFailure) {
    if (readFailure != null) {
      return Next.failure(
          settlement.readFailed(unknown.error, unwrap(readFailure)),
          unknown.status,
          unknown.outcome);
    }
    Optional<T> applied;
    try {
      applied = settlement.settle(answer, unknown.error);
    } catch (RuntimeException mustNotResend) {
      return Next.failure(mustNotResend, unknown.status, unknown.outcome);
    }
    if (applied.isPresent()) {
      return Next.value(applied.get(), unknown.status);
    }
    if (!unknown.resendAllowed) {
      return Next.failure(
          settlement.notSentAgain(unknown.error, answer), unknown.status, unknown.outcome);
    }
    return null;
  }

  /** What a future failed with, without the wrapper {@code CompletableFuture} may add. */
  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static TasksObserver.Outcome outcomeOf(int status) {
    return status >= 500 ? TasksObserver.Outcome.SERVER_ERROR : TasksObserver.Outcome.CLIENT_ERROR;
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
   * Executes {@code call} on this thread; when it is a write whose outcome is unknown, {@code
   * settlement} (if not null) settles it before it is ever sent again.
   *
   * @param call the call
   * @param settlement how a write whose outcome is unknown is settled, or null
   * @param <T> its result
   * @return the result
   * @throws CopilotzException if the call fails
   */
  public <T> T execute(Call<T> call, @Nullable Settlement<T> settlement) {
    return execute(call, settlement, null);
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
  private <T, R> R execute(
      Call<T> call, @Nullable Settlement<T> settlement, @Nullable BodyReader<R> reader) {
    CallContext context = CallContext.of(call.request());
    RequestOptions options = CallContext.optionsOf(context);
    int allowed = allowedRetries(options);
    long deadline = deadline(options);
    String reason = null;
    boolean refreshAllowed = true;
    for (int attempt = 1, retry = 1; ; attempt++) {
      Request request = call.request();
      if (!fitsInDeadline(call, deadline)) {
        throw ErrorMapper.totalTimeout(request, retry);
      }
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
                  settlement,
                  options);
          if (next == Next.TAKE_BODY) {
            succeeded(observation, started, response.code());
            return (R) response.body();
          }
        }
      } catch (IOException e) {
        next =
            afterFailure(
                request, e, attempt, retry, retry <= allowed, settlement, call.isCanceled());
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
      next = withinDeadline(next, deadline, settlement);
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
      if (next.settleFirst) {
        Next<T> settled;
        try {
          settled = afterSettlingRead(next, settlement, execute(settlement.read()), null);
        } catch (RuntimeException readFailed) {
          settled = afterSettlingRead(next, settlement, null, readFailed);
        }
        if (settled != null) {
          return (R) settled.get();
        }
      }
      call = call.clone();
    }
  }

  // ----- the asynchronous driver

  /**
   * Enqueues {@code call} on OkHttp's dispatcher and completes the returned future as {@link
   * #execute} would return or throw. No thread waits meanwhile: retries and settling reads are
   * scheduled. Each attempt is first offered to {@code tracker}; when it refuses (the operation is
   * over, cancelled), the call is cancelled and the future fails with a {@link
   * CancellationException}.
   *
   * @param call the call
   * @param settlement how a write whose outcome is unknown is settled, or null
   * @param tracker told of each attempt in flight
   * @param <T> the call's result
   * @return the call's future
   */
  public <T> CompletableFuture<T> enqueue(
      Call<T> call, @Nullable Settlement<T> settlement, CallTracker tracker) {
    CompletableFuture<T> result = new CompletableFuture<>();
    CallContext context;
    try {
      context = CallContext.of(call.request());
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    new AsyncCall<>(context, settlement, tracker, result).send(call);
    return result;
  }

  /** The state of one asynchronous call across its attempts, which run one after another. */
  private final class AsyncCall<T> {
    private final @Nullable CallContext context;
    private final RequestOptions options;
    private final @Nullable Settlement<T> settlement;
    private final CallTracker tracker;
    private final CompletableFuture<T> result;
    private final int allowed;
    private final long deadline;
    private int attempt;
    private int retry = 1;
    private boolean refreshAllowed = true;
    private @Nullable String reason;

    AsyncCall(
        @Nullable CallContext context,
        @Nullable Settlement<T> settlement,
        CallTracker tracker,
        CompletableFuture<T> result) {
      this.context = context;
      this.options = CallContext.optionsOf(context);
      this.settlement = settlement;
      this.tracker = tracker;
      this.result = result;
      this.allowed = allowedRetries(options);
      this.deadline = deadline(options);
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
      if (!fitsInDeadline(call, deadline)) {
        result.completeExceptionally(ErrorMapper.totalTimeout(request, retry));
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
                      settlement,
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
                          settlement,
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
        Next<T> attempted) {
      Next<T> next = withinDeadline(attempted, deadline, settlement);
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
      sleeper.schedule(next.wait, next.settleFirst ? () -> readThen(next, again) : again);
    }

    /** Settles a write whose outcome was unknown: reads, then sends it again or ends the call. */
    @SuppressWarnings("unchecked")
    private void readThen(Next<T> unknown, Runnable again) {
      enqueue((Call<Object>) settlement.read(), null, tracker)
          .whenComplete(
              (answer, readFailed) -> {
                Next<T> settled = afterSettlingRead(unknown, settlement, answer, readFailed);
                if (settled == null) {
                  again.run();
                } else {
                  settled.complete(result);
                }
              });
    }
  }
}
