package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.internal.http.CallExecutor;
import retrofit2.Call;

/**
 * An operation that is one call: how to build it for a runner from the operation's id and argument
 * (checking them first), and, for a create, how to find what it made when it is ambiguous. Both
 * facades run it: the blocking one on the calling thread, the asynchronous one on OkHttp's
 * dispatcher. Each is a constant of {@link Operations} and takes what it needs as parameters, so
 * that a call allocates nothing for its operation.
 *
 * @param <A> the operation's argument (a request body, references), {@link Void} when it has none
 * @param <T> the call's result
 */
public interface SingleCall<A, T> {
  /**
   * Builds the call.
   *
   * @param requests builds the calls of the API
   * @param run the runner whose options and observation the call carries
   * @param id the task's id, or 0 for an operation of no task
   * @param argument the operation's argument, or null
   * @return the call
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is not valid
   */
  Call<T> call(Requests requests, CallRunner run, long id, A argument);

  /**
   * How an ambiguous create is looked for before it is sent again.
   *
   * @param operations the client's operations, which look it up
   * @param run the runner whose options and observation the lookup carries
   * @param argument the operation's argument
   * @return the recovery, or null (the default) when the call is never ambiguous
   */
  default CallExecutor.Recovery<T> recovery(Operations operations, CallRunner run, A argument) {
    return null;
  }
}
