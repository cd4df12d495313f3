package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.internal.http.CallExecutor;
import retrofit2.Call;

/**
 * An operation that is one call: how to build it for a runner (checking its arguments first), and,
 * for a create, how to find what it made when it is ambiguous. Both facades run it: the blocking
 * one on the calling thread, the asynchronous one on OkHttp's dispatcher.
 *
 * @param <T> the call's result
 */
@FunctionalInterface
public interface SingleCall<T> {
  /**
   * Builds the call.
   *
   * @param run the runner whose options and observation the call carries
   * @return the call
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is not valid
   */
  Call<T> call(CallRunner run);

  /**
   * How an ambiguous create is looked for before it is sent again.
   *
   * @param run the runner whose options and observation the lookup carries
   * @return the recovery, or null (the default) when the call is never ambiguous
   */
  default CallExecutor.Recovery<T> recovery(CallRunner run) {
    return null;
  }
}
