package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.internal.http.CallExecutor;
import org.jspecify.annotations.Nullable;
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
   * @param operations the client's operations: its call builder, and what it knows (its cache)
   * @param runner the runner whose options and observation the call carries
   * @param id the task's id, or 0 for an operation of no task
   * @param argument the operation's argument, or null
   * @return the call
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is not valid
   */
  Call<T> call(Operations operations, CallRunner runner, long id, A argument);

  /**
   * How the call, a write, is settled when its answer is lost, before it is ever sent again.
   *
   * @param operations the client's operations, which read what it wrote
   * @param runner the runner whose options and observation the read carries
   * @param id the task's id, or 0 for an operation of no task
   * @param argument the operation's argument
   * @return the settlement, or null (the default) for a read, which is sent again freely
   */
  default CallExecutor.@Nullable Settlement<T> settlement(
      Operations operations, CallRunner runner, long id, A argument) {
    return null;
  }
}
