package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TasksObserver;
import com.copilotz.tasks.internal.http.CallExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import retrofit2.Call;

/**
 * How the calls of one operation are made: {@link BlockingRunner} makes them on the calling thread
 * and returns completed futures; {@link OperationFuture} enqueues them on OkHttp's dispatcher.
 * {@link Operations} writes each operation once, against this interface, for both facades.
 */
public interface CallRunner {
  /**
   * The options every call of the operation is made with.
   *
   * @return the options
   */
  RequestOptions options();

  /**
   * The observation of the operation.
   *
   * @return it, or null when the operation is not observed
   */
  TasksObserver.Operation operation();

  /**
   * Makes {@code call}, as its attempts require. When it is a write whose answer is lost, {@code
   * settlement} (if not null) settles it before it is ever sent again.
   *
   * @param call the call
   * @param settlement how a write whose answer is lost is settled, or null
   * @param <T> its result
   * @return its future
   */
  <T> CompletableFuture<T> make(Call<T> call, CallExecutor.Settlement<T> settlement);

  /**
   * Makes {@code call}, as its attempts require.
   *
   * @param call the call
   * @param <T> its result
   * @return its future
   */
  default <T> CompletableFuture<T> make(Call<T> call) {
    return make(call, null);
  }

  /**
   * Waits {@code wait} between two calls of the operation: on the calling thread for a blocking
   * operation, scheduled (no thread waits) for an asynchronous one.
   *
   * @param wait how long
   * @return a future completed when the wait is over; failed with a {@link
   *     com.copilotz.tasks.errors.CopilotzIOException} when the blocking thread is interrupted (its
   *     interrupt flag kept)
   */
  CompletableFuture<Void> waitFor(Duration wait);

  /**
   * The exception a future failed with, without the wrapper {@code CompletableFuture} may add.
   *
   * @param failure what the future failed with
   * @return the cause the operation raised
   */
  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
