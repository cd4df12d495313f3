package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TasksObserver;
import com.copilotz.tasks.internal.http.CallExecutor;
import com.copilotz.tasks.internal.observe.Observing;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import retrofit2.Call;

/**
 * The future of one operation of the asynchronous client, which may make several calls in turn, and
 * the {@link CallRunner} that makes them on OkHttp's dispatcher. It knows the call in flight, so
 * that cancelling the future cancels that HTTP call, and no later call of the operation starts.
 *
 * @param <T> the operation's result
 */
public final class OperationFuture<T> extends CompletableFuture<T>
    implements CallRunner, CallExecutor.CallTracker {
  private final CallExecutor executor;
  private final RequestOptions options;
  private final TasksObserver.Operation operation;

  /** Set once the operation's observation is ended; null when it is not observed. */
  private final AtomicBoolean observationEnded;

  private volatile Call<?> inFlight;

  /**
   * The future of an operation whose calls {@code executor} runs with {@code options}.
   *
   * @param executor runs the calls
   * @param options the options of every call
   * @param operation the operation's observation, or null
   */
  public OperationFuture(
      CallExecutor executor, RequestOptions options, TasksObserver.Operation operation) {
    this.executor = executor;
    this.options = options;
    this.operation = operation;
    this.observationEnded = operation == null ? null : new AtomicBoolean();
  }

  /**
   * Completes the future, after ending the operation's observation: whoever waits sees it recorded.
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
  public <R> CompletableFuture<R> make(Call<R> call, CallExecutor.Settlement<R> settlement) {
    return executor.enqueue(call, settlement, this);
  }

  @Override
  public CompletableFuture<Void> waitFor(Duration wait) {
    CompletableFuture<Void> over = new CompletableFuture<>();
    executor.sleeper().schedule(wait, () -> over.complete(null));
    return over;
  }

  /**
   * Runs a single-call operation on OkHttp's dispatcher, and completes as it completes.
   *
   * @param body the operation
   * @param operations the client's operations
   * @param id the task's id, or 0
   * @param argument the operation's argument, or null
   * @param <A> its argument's type
   * @return this future
   */
  public <A> OperationFuture<T> call(
      SingleCall<A, T> body, Operations operations, long id, A argument) {
    return completeFrom(
        make(
            body.call(operations, this, id, argument),
            body.settlement(operations, this, id, argument)));
  }

  /**
   * Completes this operation as {@code stage} completes, with the typed exception rather than a
   * wrapper.
   *
   * @param stage what the operation waits for
   * @return this future
   */
  public OperationFuture<T> completeFrom(CompletionStage<? extends T> stage) {
    stage.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            complete(value);
          } else {
            completeExceptionally(CallRunner.unwrap(failure));
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
