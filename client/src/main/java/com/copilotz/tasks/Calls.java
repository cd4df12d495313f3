package com.copilotz.tasks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import retrofit2.Call;

/**
 * How the calls of one operation are made: {@link BlockingCalls} makes them on the calling thread and
 * returns completed futures; {@link AsyncOperation} enqueues them on OkHttp's dispatcher. {@link Operations}
 * writes each composite operation once, against this interface, for both facades.
 */
interface Calls {
  /** The options every call of the operation is made with. */
  RequestOptions options();

  /** The observation of the operation, or null when it is not observed. */
  TasksObserver.Operation operation();

  /**
   * Makes {@code call}, retrying as allowed. When a create is ambiguous, {@code recovery} (if not null) looks
   * for what it created before it is sent again.
   */
  <T> CompletableFuture<T> run(Call<T> call, ApiCaller.Recovery<T> recovery);

  /** Makes {@code call}, retrying as allowed. */
  default <T> CompletableFuture<T> run(Call<T> call) {
    return run(call, null);
  }

  /** The exception a future failed with, without the wrapper {@code CompletableFuture} may add. */
  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
