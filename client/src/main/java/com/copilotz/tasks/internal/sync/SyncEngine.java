package com.copilotz.tasks.internal.sync;

import com.copilotz.tasks.SyncFailure;
import com.copilotz.tasks.SyncProgress;
import com.copilotz.tasks.SyncReport;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.WorkflowField;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.internal.http.RetryPolicy;
import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.internal.ops.BlockingRunner;
import com.copilotz.tasks.internal.ops.Checks;
import com.copilotz.tasks.internal.ops.ExtIdMatching;
import com.copilotz.tasks.internal.ops.Operations;
import com.copilotz.tasks.internal.ops.UpsertResult;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The bulk sync's engine, behind {@code TaskSync}: reads the rows lazily, syncs them {@code
 * concurrency} at a time on threads of its own (each row an upsert by extId, or, with a prefetch, a
 * comparison with what the listing read first), counts what was done, pauses every worker after a
 * 429, and reports. One engine per {@code TaskSync}; it may run any number of times, also from
 * several threads.
 */
public final class SyncEngine {
  /** How many times a row is tried again after the server keeps answering 429. */
  public static final int MAX_RATE_LIMIT_ROUNDS = 10;

  private static final AtomicInteger SYNC_NUMBER = new AtomicInteger();

  private final Operations operations;
  private final ObjectMapper mapper;
  private final Sleeper sleeper;
  private final int concurrency;
  private final Consumer<SyncProgress> progressListener;
  private final TaskQuery prefetchScope;
  private final Set<WorkflowField> owned;

  /**
   * An engine that writes with {@code operations}.
   *
   * @param operations the client's operations
   * @param mapper the client's JSON mapper, for fingerprints
   * @param sleeper waits out a 429
   * @param concurrency how many rows are synced at a time
   * @param progressListener told after each row
   * @param prefetchScope the tasks read first, or null for per-row lookups
   * @param owned the fields of the workflow the sync writes on existing tasks; the others are left
   *     to the agent
   */
  public SyncEngine(
      Operations operations,
      ObjectMapper mapper,
      Sleeper sleeper,
      int concurrency,
      Consumer<SyncProgress> progressListener,
      TaskQuery prefetchScope,
      Set<WorkflowField> owned) {
    this.operations = operations;
    this.mapper = mapper;
    this.sleeper = sleeper;
    this.concurrency = concurrency;
    this.progressListener = progressListener;
    this.prefetchScope = prefetchScope;
    this.owned = Set.copyOf(owned);
  }

  /**
   * Runs the sync over {@code rows} ({@code total} of them, -1 when unknown); every call of every
   * row is made with {@code runner}, the sync's operation, and a prefetch lists its scope with
   * {@code listing}.
   *
   * @param rows the desired tasks
   * @param total how many there are, or -1
   * @param runner the sync's runner
   * @param listing lists the tasks of a scope as a stream
   * @return the report
   * @throws CopilotzException if the calling thread is interrupted
   */
  public SyncReport run(
      Iterator<CreateTaskRequest> rows,
      long total,
      BlockingRunner runner,
      Function<TaskQuery, Stream<Task>> listing) {
    long start = System.nanoTime();
    Snapshot snapshot = prefetchScope == null ? null : new Snapshot(listing, prefetchScope, mapper);
    Tally tally = new Tally(total, progressListener);
    RateGate gate = new RateGate(sleeper);
    int number = SYNC_NUMBER.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService workers =
        Executors.newFixedThreadPool(
            concurrency,
            runnable -> {
              Thread thread =
                  new Thread(runnable, "copilotz-sync-" + number + "-" + threads.incrementAndGet());
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
          Checks.checkCreate(desired);
        } catch (NullPointerException | IllegalArgumentException invalid) {
          tally.failed(position, extId, invalid);
          continue;
        }
        if (claimed.add(extId) < 0) {
          tally.failed(
              position,
              extId,
              new IllegalArgumentException(
                  "extId "
                      + extId
                      + " appears again at row "
                      + position
                      + "; the first row with it was synced"));
          continue;
        }
        slots.acquire();
        workers.execute(
            () -> {
              try {
                syncRow(position, desired, tally, gate, snapshot, runner);
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
      long row,
      CreateTaskRequest desired,
      Tally tally,
      RateGate gate,
      Snapshot snapshot,
      BlockingRunner runner) {
    for (int round = 1; ; round++) {
      try {
        gate.awaitOpen();
        UpsertResult outcome =
            snapshot != null && snapshot.knows(desired.getExtId())
                ? upsertKnown(runner, desired, snapshot)
                : BlockingRunner.join(operations.upsert(runner, desired, owned));
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
    private long leftToTheAgent;

    Tally(long total, Consumer<SyncProgress> listener) {
      this.total = total;
      this.listener = listener;
    }

    synchronized void done(UpsertResult.Kind kind) {
      switch (kind) {
        case CREATED:
          created++;
          break;
        case UPDATED:
          updated++;
          break;
        case LEFT_TO_THE_AGENT:
          leftToTheAgent++;
          unchanged++;
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
            new SyncProgress(
                created + updated + unchanged + failed,
                total,
                created,
                updated,
                unchanged,
                failed));
      } catch (RuntimeException ignored) {
        // A listener that throws must not stop the sync; see Builder#onProgress.
      }
    }

    synchronized SyncReport report(Duration elapsed) {
      return new SyncReport(created, updated, unchanged, leftToTheAgent, failures, elapsed);
    }
  }

  /**
   * The tasks in the prefetch scope, read once as a stream and kept compactly ({@link
   * PrefetchedTasks}): per extId, the newest task's id, references and fingerprint. When the scope
   * has no filter it holds every task, so an extId it lacks has no task; otherwise such an extId is
   * looked up on its own.
   */
  private static final class Snapshot {
    private final PrefetchedTasks tasks = new PrefetchedTasks();
    private final boolean complete;

    Snapshot(Function<TaskQuery, Stream<Task>> listing, TaskQuery scope, ObjectMapper mapper) {
      try (Stream<Task> stream = listing.apply(scope)) {
        stream
            .filter(task -> task.getExtId() != null)
            .forEach(task -> tasks.add(task, ExtIdMatching.fingerprint(task, mapper)));
      }
      this.complete = scope.matchesEveryTask();
    }

    boolean knows(String extId) {
      return complete || tasks.find(extId) >= 0;
    }
  }

  /**
   * Upserts a row the snapshot knows: creates it when the scope had no task with its extId, counts
   * it unchanged with no request when the stored task's fingerprint matches, and otherwise reads
   * the task again and sends what differs.
   */
  private UpsertResult upsertKnown(
      BlockingRunner runner, CreateTaskRequest desired, Snapshot snapshot) {
    int entry = snapshot.tasks.find(desired.getExtId());
    if (entry < 0) {
      return BlockingRunner.join(operations.upsert(runner, desired, Optional.empty(), owned));
    }
    long workflow = desired.getWorkflow() == null ? 0 : desired.getWorkflow();
    long step = desired.getCurrentStep() == null ? 0 : desired.getCurrentStep();
    ExtIdMatching.Fingerprint fingerprint = ExtIdMatching.fingerprint(desired, mapper);
    if (snapshot.tasks.matches(entry, workflow, step, fingerprint, owned)) {
      return new UpsertResult(
          null,
          snapshot.tasks.differsInFieldsLeftToTheAgent(entry, workflow, step, fingerprint, owned)
              ? UpsertResult.Kind.LEFT_TO_THE_AGENT
              : UpsertResult.Kind.UNCHANGED);
    }
    return BlockingRunner.join(
        operations.upsertReread(runner, desired, snapshot.tasks.id(entry), owned));
  }

  /** Holds every worker back after a 429, for as long as the server asked. */
  private static final class RateGate {
    private final Sleeper sleeper;
    private long openAtNanos = System.nanoTime();

    RateGate(Sleeper sleeper) {
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
}
