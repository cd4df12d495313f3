package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Makes the server's tasks match desired ones, keyed by extId, for backend jobs that keep external records
 * in step with Copilotz. Each row is {@linkplain TasksClient#upsertByExtId upserted}: created when missing,
 * updated with only what differs, left alone when equal, so a rerun on the same input makes no write.
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
 *   <li>Rows are synced {@linkplain Builder#concurrency(int) several at a time} on the one shared client, and
 *       read from the input only as fast as they are synced.
 *   <li>A row that fails is reported and never stops the others.
 *   <li>When the server answers 429 after the client's own retries, every worker pauses for the
 *       {@code Retry-After} it gave (or a backoff) and the row is tried again, up to
 *       {@value #MAX_RATE_LIMIT_ROUNDS} times.
 *   <li>When two rows have the same extId, the first one wins: the later one is reported as a failure and
 *       never sent, so no extId is ever created twice by one run.
 * </ul>
 *
 * A {@code TaskSync} may be run any number of times, also from several threads.
 */
public final class TaskSync {
  /** How many rows are synced at a time when no other number is set. */
  public static final int DEFAULT_CONCURRENCY = 8;
  /** How many times a row is tried again after the server keeps answering 429. */
  public static final int MAX_RATE_LIMIT_ROUNDS = 10;

  private static final AtomicInteger SYNC_NUMBER = new AtomicInteger();

  private final ClientCore core;
  private final int concurrency;
  private final Consumer<SyncProgress> progressListener;
  private final TaskQuery prefetchScope;

  private TaskSync(Builder builder) {
    this.core = builder.core;
    this.concurrency = builder.concurrency;
    this.progressListener = builder.progressListener;
    this.prefetchScope = builder.prefetchScope;
  }

  /**
   * Returns a builder of a sync that runs on {@code client}; same as {@link TasksClient#taskSync()}.
   *
   * @param client the client to sync with
   * @return a new builder
   * @throws NullPointerException if {@code client} is null
   */
  public static Builder builder(TasksClient client) {
    return new Builder(Objects.requireNonNull(client, "client").core());
  }

  /**
   * Syncs every row of {@code desired}. The progress listener knows the total when {@code desired} is a
   * {@link Collection}.
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
    BlockingCalls calls = core.blocking("taskSync", null, null, RequestOptions.NONE);
    try {
      SyncReport report = run(rows, total, calls);
      Observing.rowsSynced(calls.operation(), report);
      return calls.ended(report);
    } catch (RuntimeException e) {
      throw calls.failed(e);
    }
  }

  /** Runs the sync; every call of every row is made with {@code calls}, the sync's operation. */
  private SyncReport run(Iterator<CreateTaskRequest> rows, long total, BlockingCalls calls) {
    long start = System.nanoTime();
    Snapshot snapshot = prefetchScope == null ? null : new Snapshot(core, prefetchScope, calls);
    Tally tally = new Tally(total, progressListener);
    RateGate gate = new RateGate(core.sleeper);
    int number = SYNC_NUMBER.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService workers =
        Executors.newFixedThreadPool(
            concurrency,
            runnable -> {
              Thread thread = new Thread(runnable, "copilotz-sync-" + number + "-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    Semaphore slots = new Semaphore(concurrency);
    ExtIdIndex claimed = new ExtIdIndex();
    long row = 0;
    try {
      while (rows.hasNext()) {
        CreateTaskRequest desired = rows.next();
        long position = ++row;
        String extId = desired == null ? null : desired.getExtId();
        try {
          Requests.checkCreate(desired);
        } catch (NullPointerException | IllegalArgumentException invalid) {
          tally.failed(position, extId, invalid);
          continue;
        }
        if (claimed.add(extId) < 0) {
          tally.failed(
              position,
              extId,
              new IllegalArgumentException(
                  "extId " + extId + " appears again at row " + position + "; the first row with it was synced"));
          continue;
        }
        slots.acquire();
        workers.execute(
            () -> {
              try {
                syncRow(position, desired, tally, gate, snapshot, calls);
              } finally {
                slots.release();
              }
            });
      }
      workers.shutdown();
      workers.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
      throw new CopilotzException("The sync was interrupted at row " + row, e);
    }
    return tally.report(Duration.ofNanos(System.nanoTime() - start));
  }

  private void syncRow(
      long row, CreateTaskRequest desired, Tally tally, RateGate gate, Snapshot snapshot, BlockingCalls calls) {
    for (int round = 1; ; round++) {
      try {
        gate.awaitOpen();
        UpsertOutcome outcome =
            snapshot != null && snapshot.knows(desired.getExtId())
                ? upsertKnown(calls, desired, snapshot)
                : BlockingCalls.join(core.operations.upsert(calls, desired));
        tally.done(outcome.kind());
        return;
      } catch (RateLimitException limited) {
        if (round > MAX_RATE_LIMIT_ROUNDS) {
          tally.failed(row, desired.getExtId(), limited);
          return;
        }
        gate.pauseFor(limited.retryAfter().orElse(RetryPolicy.backoff(round)));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        tally.failed(row, desired.getExtId(), interrupted);
        return;
      } catch (RuntimeException failure) {
        tally.failed(row, desired.getExtId(), failure);
        return;
      }
    }
  }

  /** Counts what the workers did and tells the listener, one row at a time. */
  private static final class Tally {
    private final long total;
    private final Consumer<SyncProgress> listener;
    private final List<SyncFailure> failures = new ArrayList<>();
    private long created;
    private long updated;
    private long unchanged;

    Tally(long total, Consumer<SyncProgress> listener) {
      this.total = total;
      this.listener = listener;
    }

    synchronized void done(UpsertOutcome.Kind kind) {
      switch (kind) {
        case CREATED:
          created++;
          break;
        case UPDATED:
          updated++;
          break;
        default:
          unchanged++;
      }
      tell();
    }

    synchronized void failed(long row, String extId, Exception error) {
      failures.add(new SyncFailure(row, extId, error));
      tell();
    }

    private void tell() {
      long failed = failures.size();
      try {
        listener.accept(
            new SyncProgress(created + updated + unchanged + failed, total, created, updated, unchanged, failed));
      } catch (RuntimeException ignored) {
        // A listener that throws must not stop the sync; see Builder#onProgress.
      }
    }

    synchronized SyncReport report(Duration elapsed) {
      return new SyncReport(created, updated, unchanged, failures, elapsed);
    }
  }

  /**
   * The tasks in the prefetch scope, read once as a stream and kept compactly ({@link PrefetchedTasks}): per
   * extId, the newest task's id, references and fingerprint. When the scope has no filter it holds every task,
   * so an extId it lacks has no task; otherwise such an extId is looked up on its own.
   */
  private static final class Snapshot {
    private final PrefetchedTasks tasks = new PrefetchedTasks();
    private final boolean complete;

    Snapshot(ClientCore core, TaskQuery scope, BlockingCalls calls) {
      try (Stream<Task> stream = core.streamTasks(scope, calls, false)) {
        stream.filter(task -> task.getExtId() != null)
            .forEach(task -> tasks.add(task, ExtIdMatching.fingerprint(task, core.mapper)));
      }
      this.complete = scope.hasNoFilter();
    }

    boolean knows(String extId) {
      return complete || tasks.find(extId) >= 0;
    }
  }

  /**
   * Upserts a row the snapshot knows: creates it when the scope had no task with its extId, counts it
   * unchanged with no request when the stored task's fingerprint matches, and otherwise reads the task again
   * and sends what differs.
   */
  private UpsertOutcome upsertKnown(Calls calls, CreateTaskRequest desired, Snapshot snapshot) {
    int entry = snapshot.tasks.find(desired.getExtId());
    if (entry < 0) {
      return BlockingCalls.join(core.operations.upsert(calls, desired, Optional.empty()));
    }
    long workflow = desired.getWorkflow() == null ? 0 : desired.getWorkflow();
    long step = desired.getCurrentStep() == null ? 0 : desired.getCurrentStep();
    if (snapshot.tasks.matches(entry, workflow, step, ExtIdMatching.fingerprint(desired, core.mapper))) {
      return new UpsertOutcome(null, UpsertOutcome.Kind.UNCHANGED);
    }
    return BlockingCalls.join(core.operations.upsertReread(calls, desired, snapshot.tasks.id(entry)));
  }

  /** Holds every worker back after a 429, for as long as the server asked. */
  private static final class RateGate {
    private final ApiCaller.Sleeper sleeper;
    private long openAtNanos = System.nanoTime();

    RateGate(ApiCaller.Sleeper sleeper) {
      this.sleeper = sleeper;
    }

    synchronized void pauseFor(Duration wait) {
      openAtNanos = Math.max(openAtNanos, System.nanoTime() + wait.toNanos());
    }

    void awaitOpen() throws InterruptedException {
      long remaining;
      synchronized (this) {
        remaining = openAtNanos - System.nanoTime();
      }
      if (remaining > 0) {
        sleeper.sleep(Duration.ofNanos(remaining));
      }
    }
  }

  /** Configures a {@link TaskSync}. */
  public static final class Builder {
    private final ClientCore core;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Consumer<SyncProgress> progressListener = progress -> {};
    private TaskQuery prefetchScope;

    Builder(ClientCore core) {
      this.core = core;
    }

    /**
     * Reads every task once before the rows, instead of looking each row's extId up on its own: a rerun
     * then makes one listing and no other request. The real server answers a listing with every task at
     * once, so use it when the tasks visible to the client fit in memory. Same as
     * {@code prefetch(TaskQuery.builder().build())}.
     *
     * @return this builder
     */
    public Builder prefetch() {
      return prefetch(TaskQuery.builder().build());
    }

    /**
     * Reads the tasks of {@code scope} once before the rows, such as the tasks of the workflow a job owns.
     * A row whose extId is in the scope is compared with what was read; one whose extId is not is looked up
     * on its own (unless the scope has no filter, which makes it hold every task), so no task outside the
     * scope is ever created twice. The comparison uses the task as read at the start: a change made by
     * someone else during the run may be overwritten.
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
     * Sets a listener told after each row, one call at a time, from the sync's worker threads. It should
     * return quickly; what it throws is ignored.
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
