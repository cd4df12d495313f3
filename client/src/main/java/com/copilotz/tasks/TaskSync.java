package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.internal.observe.Observing;
import com.copilotz.tasks.internal.ops.BlockingRunner;
import com.copilotz.tasks.internal.ops.OperationName;
import com.copilotz.tasks.internal.sync.SyncEngine;
import com.copilotz.tasks.model.CreateTaskRequest;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Makes the server's tasks match desired ones, keyed by extId, for backend jobs that keep external
 * records in step with Copilotz. Each row is {@linkplain TasksClient#upsertByExtId upserted}:
 * created when missing, updated with only what differs, left alone when equal, so a rerun on the
 * same input makes no write.
 *
 * <pre>{@code
 * SyncReport report = client.taskSync()
 *     .concurrency(8)
 *     .onProgress(p -> System.out.printf("%d/%d%n", p.done(), p.total()))
 *     .build()
 *     .run(desiredTasks);
 * report.failures().forEach(f -> System.err.println(f.extId() + ": " + f.error().getMessage()));
 * }</pre>
 *
 * <ul>
 *   <li>Rows are synced {@linkplain Builder#concurrency(int) several at a time} on the one shared
 *       client, and read from the input only as fast as they are synced.
 *   <li>A row that fails is reported and never stops the others.
 *   <li>When the server answers 429 after the client's own retries, every worker pauses for the
 *       {@code Retry-After} it gave (or a backoff) and the row is tried again, up to {@value
 *       #MAX_RATE_LIMIT_ROUNDS} times.
 *   <li>When two rows have the same extId, the first one wins: the later one is reported as a
 *       failure and never sent, so no extId is ever created twice by one run.
 * </ul>
 *
 * A {@code TaskSync} may be run any number of times, also from several threads.
 */
public final class TaskSync {
  /** How many rows are synced at a time when no other number is set. */
  public static final int DEFAULT_CONCURRENCY = 8;

  /** How many times a row is tried again after the server keeps answering 429. */
  public static final int MAX_RATE_LIMIT_ROUNDS = SyncEngine.MAX_RATE_LIMIT_ROUNDS;

  private final ClientCore core;
  private final SyncEngine engine;

  private TaskSync(Builder builder) {
    this.core = builder.core;
    this.engine =
        new SyncEngine(
            core.operations,
            core.mapper,
            core.sleeper,
            builder.concurrency,
            builder.progressListener,
            builder.prefetchScope,
            builder.owned);
  }

  /**
   * Returns a builder of a sync that runs on {@code client}; same as {@link
   * TasksClient#taskSync()}.
   *
   * @param client the client to sync with
   * @return a new builder
   * @throws NullPointerException if {@code client} is null
   */
  public static Builder builder(TasksClient client) {
    return new Builder(Objects.requireNonNull(client, "client").core());
  }

  /**
   * Syncs every row of {@code desired}. The progress listener knows the total when {@code desired}
   * is a {@link Collection}.
   *
   * @param desired the tasks as they should be, keyed by extId
   * @return what was done, and each row that failed
   * @throws NullPointerException if {@code desired} is null
   * @throws CopilotzException if the calling thread is interrupted; rows in flight finish first
   */
  public SyncReport run(Iterable<CreateTaskRequest> desired) {
    Objects.requireNonNull(desired, "desired");
    long total = desired instanceof Collection ? ((Collection<?>) desired).size() : -1;
    return run(desired.iterator(), total);
  }

  /**
   * Syncs every row of {@code desired}, reading it lazily, and closes it.
   *
   * @param desired the tasks as they should be, keyed by extId
   * @return what was done, and each row that failed
   * @throws NullPointerException if {@code desired} is null
   * @throws CopilotzException if the calling thread is interrupted; rows in flight finish first
   */
  public SyncReport run(Stream<CreateTaskRequest> desired) {
    Objects.requireNonNull(desired, "desired");
    try (desired) {
      Spliterator<CreateTaskRequest> rows = desired.spliterator();
      return run(Spliterators.iterator(rows), rows.getExactSizeIfKnown());
    }
  }

  private SyncReport run(Iterator<CreateTaskRequest> rows, long total) {
    BlockingRunner run = core.blocking(OperationName.TASK_SYNC, 0, null, RequestOptions.NONE);
    try {
      SyncReport report = engine.run(rows, total, run, scope -> core.streamWithin(run, scope));
      Observing.rowsSynced(run.operation(), report);
      return run.ended(report);
    } catch (RuntimeException e) {
      throw run.failed(e);
    }
  }

  /** Configures a {@link TaskSync}. */
  public static final class Builder {
    private final ClientCore core;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Consumer<SyncProgress> progressListener = progress -> {};
    private TaskQuery prefetchScope;
    private final Set<WorkflowField> owned = EnumSet.noneOf(WorkflowField.class);

    Builder(ClientCore core) {
      this.core = core;
    }

    /**
     * Reads every task once before the rows, instead of looking each row's extId up on its own: a
     * rerun then makes one listing and no other request. The real server answers a listing with
     * every task at once, so use it when the tasks visible to the client fit in memory. Same as
     * {@code prefetch(TaskQuery.builder().build())}.
     *
     * @return this builder
     */
    public Builder prefetch() {
      return prefetch(TaskQuery.builder().build());
    }

    /**
     * Reads the tasks of {@code scope} once before the rows, such as the tasks of the workflow a
     * job owns. A row whose extId is in the scope is compared with what was read; one whose extId
     * is not is looked up on its own (unless the scope has no filter, which makes it hold every
     * task), so no task outside the scope is ever created twice. The comparison uses the task as
     * read at the start: a change made by someone else during the run may be overwritten.
     *
     * @param scope the tasks to read first
     * @return this builder
     * @throws NullPointerException if {@code scope} is null
     */
    public Builder prefetch(TaskQuery scope) {
      this.prefetchScope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /**
     * Makes the sync own these fields of the workflow: on an existing task they are compared and
     * written like any other field a row sets. By default the sync owns none of them: a task's
     * {@code workflow}, {@code currentStep} and {@code status} are set when the sync creates it,
     * and left to the agent afterwards (a row that differs only in them is counted in {@link
     * SyncReport#leftToTheAgent()}, and nothing is written), so a rerun never moves a task back
     * from where the agent took it.
     *
     * @param field a field
     * @param more more fields
     * @return this builder
     * @throws NullPointerException if a field is null
     */
    public Builder owns(WorkflowField field, WorkflowField... more) {
      owned.add(Objects.requireNonNull(field, "field"));
      for (WorkflowField another : Objects.requireNonNull(more, "more")) {
        owned.add(Objects.requireNonNull(another, "more"));
      }
      return this;
    }

    /**
     * Sets how many rows are synced at a time; {@value TaskSync#DEFAULT_CONCURRENCY} when not set.
     *
     * @param concurrency at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code concurrency} is less than 1
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets a listener told after each row, one call at a time, from the sync's worker threads. It
     * should return quickly; what it throws is ignored.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder onProgress(Consumer<SyncProgress> listener) {
      this.progressListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the sync.
     *
     * @return the sync, ready to {@link TaskSync#run(Iterable) run}
     */
    public TaskSync build() {
      return new TaskSync(this);
    }
  }
}
