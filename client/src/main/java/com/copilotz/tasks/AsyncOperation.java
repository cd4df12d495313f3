package com.copilotz.tasks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import retrofit2.Call;

/**
 * The future of one operation of {@link AsyncTasksClient}, which may make several calls in turn. It knows
 * the call in flight, so that cancelling the future cancels that HTTP call and no later call starts.
 */
final class AsyncOperation<T> extends CompletableFuture<T> implements ApiCaller.CallTracker {
  private final ApiCaller caller;
  private final RequestOptions options;
  private volatile Call<?> inFlight;

  AsyncOperation(ApiCaller caller, RequestOptions options) {
    this.caller = caller;
    this.options = options;
  }

  /** Enqueues one call of this operation. */
  <R> CompletableFuture<R> call(Call<R> call) {
    return caller.enqueue(call, options, this);
  }

  /** Enqueues one create of this operation, which looks for its result before it is ever sent again. */
  <R> CompletableFuture<R> call(Call<R> call, ApiCaller.Recovery<R> recovery) {
    return caller.enqueue(call, options, recovery, this);
  }

  /** Completes this operation as {@code stage} completes, with the typed exception rather than a wrapper. */
  AsyncOperation<T> completeFrom(CompletionStage<? extends T> stage) {
    stage.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            complete(value);
          } else {
            completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure);
          }
        });
    return this;
  }

  @Override
  public boolean track(Call<?> call) {
    inFlight = call;
    return !isDone();
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    Call<?> call = inFlight;
    if (call != null) {
      call.cancel();
    }
    return cancelled;
  }
}
