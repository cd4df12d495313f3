package com.copilotz.tasks;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import retrofit2.Call;

/**
 * The future of one operation of {@link AsyncTasksClient}, which may make several calls in turn, and the
 * {@link Calls} that make them on OkHttp's dispatcher. It knows the call in flight, so that cancelling the
 * future cancels that HTTP call, and no later call of the operation starts.
 */
final class AsyncOperation<T> extends CompletableFuture<T> implements Calls, ApiCaller.CallTracker {
  private final ApiCaller caller;
  private final RequestOptions options;
  private final TasksObserver.Operation operation;
  /** Set once the operation's observation is ended; null when it is not observed. */
  private final AtomicBoolean observationEnded;
  private volatile Call<?> inFlight;

  AsyncOperation(ApiCaller caller, RequestOptions options, TasksObserver.Operation operation) {
    this.caller = caller;
    this.options = options;
    this.operation = operation;
    this.observationEnded = operation == null ? null : new AtomicBoolean();
  }

  /**
   * Completes the future, after ending the operation's observation: whoever waits on the future sees the
   * operation already recorded.
   */
  @Override
  public boolean complete(T value) {
    endObservation(null);
    return super.complete(value);
  }

  /** Fails the future, after ending the operation's observation with {@code failure}. */
  @Override
  public boolean completeExceptionally(Throwable failure) {
    endObservation(failure);
    return super.completeExceptionally(failure);
  }

  private void endObservation(Throwable failure) {
    if (observationEnded != null && !isDone() && observationEnded.compareAndSet(false, true)) {
      Observing.ended(operation, failure);
    }
  }

  @Override
  public RequestOptions options() {
    return options;
  }

  @Override
  public TasksObserver.Operation operation() {
    return operation;
  }

  @Override
  public <R> CompletableFuture<R> run(Call<R> call, ApiCaller.Recovery<R> recovery) {
    return caller.enqueue(call, recovery, this);
  }

  /** Completes this operation as {@code stage} completes, with the typed exception rather than a wrapper. */
  AsyncOperation<T> completeFrom(CompletionStage<? extends T> stage) {
    stage.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            complete(value);
          } else {
            completeExceptionally(Calls.unwrap(failure));
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
    endObservation(new CancellationException("The operation was cancelled"));
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    Call<?> call = inFlight;
    if (call != null) {
      call.cancel();
    }
    return cancelled;
  }
}
