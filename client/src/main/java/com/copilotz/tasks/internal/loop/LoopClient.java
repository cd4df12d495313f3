package com.copilotz.tasks.internal.loop;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.internal.http.RetryPolicy;
import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.internal.ops.BlockingRunner;
import com.copilotz.tasks.internal.ops.OperationName;
import com.copilotz.tasks.internal.ops.Operations;
import com.copilotz.tasks.model.Task;
import java.time.Clock;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What a background loop needs of its client, as one immutable value per client that the client's
 * composition root builds: its operations, an observed listing as a stream, an observed runner for
 * the calls of one operation, the sleeper and clock of its waits, its retry policy, and whether it
 * is closed.
 */
public final class LoopClient {
  /** Opens one observed listing. */
  @FunctionalInterface
  public interface Listings {
    /**
     * Opens a listing of {@code query}, observed as {@code operation}; the stream ends the
     * operation when it is closed.
     *
     * @param operation the operation's name
     * @param options the listing's options
     * @param query what to list
     * @return the tasks, read as they arrive
     */
    Stream<Task> list(OperationName operation, RequestOptions options, TaskQuery query);
  }

  /** Begins one observed operation of blocking calls. */
  @FunctionalInterface
  public interface Runners {
    /**
     * Begins {@code operation} on task {@code taskId}.
     *
     * @param operation the operation's name
     * @param taskId the task's id
     * @param options the options of its calls
     * @return the runner of its calls, which carries its observation
     */
    BlockingRunner begin(OperationName operation, long taskId, RequestOptions options);
  }

  private final @Nullable Operations operations;
  private final Listings listings;
  private final Runners runners;
  private final Sleeper sleeper;
  private final Clock clock;
  private final RetryPolicy retryPolicy;
  private final BooleanSupplier closed;

  /**
   * The loops' view of a client.
   *
   * @param operations its operations, or null for a loop that only lists
   * @param listings opens its observed listings
   * @param runners begins its observed operations
   * @param sleeper waits between listings and before retries
   * @param clock tells when things happened
   * @param retryPolicy weighs failed calls
   * @param closed whether the client is closed
   */
  public LoopClient(
      @Nullable Operations operations,
      Listings listings,
      Runners runners,
      Sleeper sleeper,
      Clock clock,
      RetryPolicy retryPolicy,
      BooleanSupplier closed) {
    this.operations = operations;
    this.listings = Objects.requireNonNull(listings, "listings");
    this.runners = Objects.requireNonNull(runners, "runners");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.closed = Objects.requireNonNull(closed, "closed");
  }

  /**
   * The view of a client for a loop that only lists (a watch): it has no operations, and begins
   * none.
   *
   * @param listings opens its observed listings
   * @param sleeper waits between listings
   * @param clock tells when things happened
   * @param retryPolicy weighs failed listings
   * @return the view
   */
  public static LoopClient ofListings(
      Listings listings, Sleeper sleeper, Clock clock, RetryPolicy retryPolicy) {
    return new LoopClient(
        null,
        listings,
        (operation, taskId, options) -> {
          throw new IllegalStateException("a loop that only lists begins no " + operation);
        },
        sleeper,
        clock,
        retryPolicy,
        () -> false);
  }

  /**
   * The client's operations.
   *
   * @return them
   * @throws IllegalStateException for a loop that only lists
   */
  public Operations operations() {
    if (operations == null) {
      throw new IllegalStateException("a loop that only lists has no operations");
    }
    return operations;
  }

  /**
   * Opens a listing; see {@link Listings#list}.
   *
   * @param operation the operation's name
   * @param options the listing's options
   * @param query what to list
   * @return the tasks, read as they arrive
   */
  public Stream<Task> list(OperationName operation, RequestOptions options, TaskQuery query) {
    return listings.list(operation, options, query);
  }

  /**
   * Begins an operation; see {@link Runners#begin}.
   *
   * @param operation the operation's name
   * @param taskId the task's id
   * @param options the options of its calls
   * @return its runner
   */
  public BlockingRunner begin(OperationName operation, long taskId, RequestOptions options) {
    return runners.begin(operation, taskId, options);
  }

  /**
   * What waits between listings and before retries (a test's, in tests).
   *
   * @return the sleeper
   */
  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * The client's clock.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The client's retry policy.
   *
   * @return the policy
   */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * Whether the client is closed.
   *
   * @return true once it is
   */
  public boolean closed() {
    return closed.getAsBoolean();
  }
}
