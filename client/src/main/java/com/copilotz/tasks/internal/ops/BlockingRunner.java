package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TasksObserver;
import com.copilotz.tasks.internal.errors.ErrorMapper;
import com.copilotz.tasks.internal.http.CallExecutor;
import com.copilotz.tasks.internal.observe.Observing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import retrofit2.Call;

/**
 * The calls of a blocking operation: each is made on the calling thread, so every future it returns
 * is already complete and an operation of several calls runs to its end before {@link #join}
 * returns. The client ends the operation's observation (if any) with {@link #ended} or {@link
 * #failed}.
 *
 * @param executor runs the calls
 * @param options the options of every call
 * @param operation the operation's observation, or null
 */
public record BlockingRunner(
    CallExecutor executor, RequestOptions options, TasksObserver.Operation operation)
    implements CallRunner {
  @Override
  public <T> CompletableFuture<T> make(Call<T> call, CallExecutor.Settlement<T> settlement) {
    try {
      return CompletableFuture.completedFuture(executor.execute(call, settlement));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<Void> waitFor(Duration wait) {
    try {
      executor.sleeper().sleep(wait);
      return CompletableFuture.completedFuture(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(ErrorMapper.interruptedWhileWaiting(e));
    }
  }

  /**
   * Runs a single-call operation on this thread.
   *
   * @param body the operation
   * @param operations the client's operations
   * @param id the task's id, or 0
   * @param argument the operation's argument, or null
   * @param <A> its argument's type
   * @param <T> its result
   * @return the result
   */
  public <A, T> T call(SingleCall<A, T> body, Operations operations, long id, A argument) {
    return executor.execute(
        body.call(operations, this, id, argument), body.settlement(operations, this, id, argument));
  }

  /**
   * Ends the operation's observation as a success.
   *
   * @param value the operation's result
   * @param <T> its type
   * @return {@code value}
   */
  public <T> T ended(T value) {
    Observing.ended(operation, null);
    return value;
  }

  /**
   * Ends the operation's observation as a failure.
   *
   * @param failure what the operation threw
   * @return {@code failure}, to be thrown
   */
  public RuntimeException failed(RuntimeException failure) {
    Observing.ended(operation, failure);
    return failure;
  }

  /**
   * The result of a blocking operation, or the exception it failed with, as it was thrown (a typed
   * {@link com.copilotz.tasks.errors.CopilotzException}, or an argument error).
   *
   * @param done the operation's future, complete
   * @param <T> its result
   * @return the result
   */
  public static <T> T join(CompletableFuture<T> done) {
    if (!done.isDone()) {
      throw new IllegalStateException("a blocking operation returned before its end");
    }
    try {
      return done.join();
    } catch (RuntimeException wrapped) {
      Throwable cause = CallRunner.unwrap(wrapped);
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw wrapped;
    }
  }
}
