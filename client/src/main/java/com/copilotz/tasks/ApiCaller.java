package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.InvalidResponseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * The one place that executes a Retrofit call, blocking or asynchronously: it retries what
 * {@link RetryPolicy} allows and turns every way a call can fail into a typed {@link CopilotzException}.
 * Nothing from Jackson, Retrofit or OkHttp escapes it. Exhausted retries raise the exception of the last
 * attempt.
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
    /** Records {@code call} as in flight; false when the operation was cancelled and the call must not run. */
    boolean track(Call<?> call);
  }

  private final ErrorMapper errors;
  private final RetryPolicy retryPolicy;
  private final int maxRetries;
  private final Sleeper sleeper;

  ApiCaller(ErrorMapper errors, RetryPolicy retryPolicy, int maxRetries, Sleeper sleeper) {
    this.errors = errors;
    this.retryPolicy = retryPolicy;
    this.maxRetries = maxRetries;
    this.sleeper = sleeper;
  }

  /**
   * Executes {@code call} on this thread, retrying as allowed, and returns its body. A success with an empty
   * body means "not found" for GET and PUT (the real server's answer to a missing id), is an invalid answer
   * for POST, and is null otherwise.
   */
  <T> T execute(Call<T> call) {
    Call<T> attempt = call;
    for (int retry = 1; ; retry++) {
      Request request = attempt.request();
      Outcome<T> outcome;
      try {
        outcome = evaluate(request, attempt.execute(), retry);
      } catch (IOException e) {
        outcome = evaluate(request, e, retry);
      }
      if (outcome.wait == null) {
        return outcome.get();
      }
      try {
        sleeper.sleep(outcome.wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CopilotzIOException(
            ErrorMapper.describe(request) + " was interrupted while waiting to retry", e);
      }
      attempt = attempt.clone();
    }
  }

  /**
   * Enqueues {@code call} on OkHttp's dispatcher and completes the returned future as {@link #execute} would
   * return or throw. No thread waits meanwhile: retries are scheduled.
   */
  <T> CompletableFuture<T> enqueue(Call<T> call, CallTracker tracker) {
    CompletableFuture<T> result = new CompletableFuture<>();
    enqueue(call, tracker, result, 1);
    return result;
  }

  private <T> void enqueue(Call<T> call, CallTracker tracker, CompletableFuture<T> result, int retry) {
    if (!tracker.track(call)) {
      call.cancel();
      return;
    }
    Request request;
    try {
      request = call.request();
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    call.enqueue(
        new Callback<T>() {
          @Override
          public void onResponse(Call<T> done, Response<T> response) {
            settle(evaluate(request, response, retry));
          }

          @Override
          public void onFailure(Call<T> done, Throwable failure) {
            settle(
                failure instanceof IOException
                    ? evaluate(request, (IOException) failure, retry)
                    : Outcome.failed(
                        failure instanceof RuntimeException
                            ? (RuntimeException) failure
                            : new CopilotzException(ErrorMapper.describe(request) + " failed", failure)));
          }

          private void settle(Outcome<T> outcome) {
            if (outcome.wait == null) {
              outcome.complete(result);
            } else {
              sleeper.schedule(outcome.wait, () -> enqueue(call.clone(), tracker, result, retry + 1));
            }
          }
        });
  }

  private <T> Outcome<T> evaluate(Request request, IOException failure, int retry) {
    if (failure instanceof InterceptedException) {
      return Outcome.failed(((InterceptedException) failure).unwrap());
    }
    if (failure instanceof JsonProcessingException) {
      return Outcome.failed(
          new InvalidResponseException(
              ErrorMapper.describe(request) + " answered with a body that could not be read: "
                  + ((JsonProcessingException) failure).getOriginalMessage(),
              failure));
    }
    Duration wait = retry <= maxRetries ? retryPolicy.afterFailure(request, failure, retry) : null;
    return wait != null ? Outcome.retryAfter(wait) : Outcome.failed(ErrorMapper.fromIOException(request, failure));
  }

  private <T> Outcome<T> evaluate(Request request, Response<T> response, int retry) {
    if (!response.isSuccessful()) {
      Duration wait =
          retry <= maxRetries
              ? retryPolicy.afterStatus(request, response.code(), response.headers().get("Retry-After"), retry)
              : null;
      if (wait != null) {
        closeQuietly(response.errorBody());
        return Outcome.retryAfter(wait);
      }
      return Outcome.failed(
          errors.fromResponse(request, response.code(), response.headers(), response.errorBody()));
    }
    T body = response.body();
    if (body != null) {
      return Outcome.succeeded(body);
    }
    switch (request.method()) {
      case "GET":
      case "PUT":
        return Outcome.failed(ErrorMapper.notFound(request, response.code(), response.headers()));
      case "POST":
        return Outcome.failed(
            new InvalidResponseException(
                ErrorMapper.describe(request) + " answered " + response.code() + " with an empty body", null));
      default:
        return Outcome.succeeded(null);
    }
  }

  private static void closeQuietly(ResponseBody body) {
    if (body != null) {
      body.close();
    }
  }

  /** What one attempt came to: a value, an exception, or a retry after a wait. */
  private static final class Outcome<T> {
    final T value;
    final RuntimeException failure;
    final Duration wait;

    private Outcome(T value, RuntimeException failure, Duration wait) {
      this.value = value;
      this.failure = failure;
      this.wait = wait;
    }

    static <T> Outcome<T> succeeded(T value) {
      return new Outcome<>(value, null, null);
    }

    static <T> Outcome<T> failed(RuntimeException failure) {
      return new Outcome<>(null, failure, null);
    }

    static <T> Outcome<T> retryAfter(Duration wait) {
      return new Outcome<>(null, null, wait);
    }

    T get() {
      if (failure != null) {
        throw failure;
      }
      return value;
    }

    void complete(CompletableFuture<T> future) {
      if (failure != null) {
        future.completeExceptionally(failure);
      } else {
        future.complete(value);
      }
    }
  }
}
