package com.copilotz.tasks;

import java.util.concurrent.CompletableFuture;
import retrofit2.Call;

/**
 * The calls of a blocking operation: each is made on the calling thread, so every future it returns is
 * already complete and a composite operation runs to its end before {@link #join} returns. The facade ends
 * the operation's observation (if any) with {@link #ended} or {@link #failed}.
 */
record BlockingCalls(ApiCaller caller, RequestOptions options, TasksObserver.Operation operation) implements Calls {
  @Override
  public <T> CompletableFuture<T> run(Call<T> call, ApiCaller.Recovery<T> recovery) {
    try {
      return CompletableFuture.completedFuture(caller.execute(call, recovery));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Ends the operation's observation as a success, and returns {@code value}. */
  <T> T ended(T value) {
    Observing.ended(operation, null);
    return value;
  }

  /** Ends the operation's observation as a failure, and returns {@code failure} to be thrown. */
  RuntimeException failed(RuntimeException failure) {
    Observing.ended(operation, failure);
    return failure;
  }

  /**
   * The result of a blocking operation, or the exception it failed with, as it was thrown (a typed
   * {@link com.copilotz.tasks.errors.CopilotzException}, or an argument error).
   */
  static <T> T join(CompletableFuture<T> done) {
    if (!done.isDone()) {
      throw new IllegalStateException("a blocking operation returned before its end");
    }
    try {
      return done.join();
    } catch (RuntimeException wrapped) {
      Throwable cause = Calls.unwrap(wrapped);
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
