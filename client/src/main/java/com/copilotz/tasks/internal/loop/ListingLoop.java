package com.copilotz.tasks.internal.loop;

import com.copilotz.tasks.ListingHealth;
import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.PermissionDeniedException;
import com.copilotz.tasks.internal.log.SdkLogger;
import com.copilotz.tasks.internal.ops.OperationName;
import com.copilotz.tasks.model.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The one listing engine of the background loops, under a watch and a step worker: on a daemon
 * thread of its own, it waits for its consumer's demand, lists the query as an observed operation,
 * hands each task to the consumer as it arrives, and waits what the consumer asks before the next
 * listing. A listing that fails is counted, logged and told to the consumer, and the next one waits
 * the server's {@code Retry-After} or a backoff (never less than the loop's shortest wait); an
 * authentication or permission failure stops the loop and is told to the consumer; a closed client
 * stops it quietly. {@link #close()} ends it at once: the wait in progress and the listing in
 * flight end, and no listing starts after it.
 */
public final class ListingLoop {
  /** Thrown by a consumer to end the listing and the loop: it closed. */
  public static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the signal. */
    public Stopped() {
      super(null, null, false, false);
    }
  }

  private final LoopClient client;
  private final OperationName operation;
  private final RequestOptions options;
  private final TaskQuery query;
  private final Duration shortestWait;
  private final ListingConsumer consumer;
  private final SdkLogger log;
  private final String what;
  private final String threadName;

  private volatile boolean closed;
  private volatile boolean running;
  private volatile long listings;
  private volatile int consecutiveFailures;
  private volatile @Nullable Instant lastListing;
  private volatile @Nullable CopilotzException lastFailure;
  private @Nullable Thread thread;

  /**
   * A loop, not started.
   *
   * @param client its client
   * @param operation the name each listing is observed as
   * @param options the listings' options
   * @param query what to list
   * @param shortestWait the least wait before a listing after a failed one
   * @param consumer takes the listings
   * @param log the logger of its warnings
   * @param what how its warnings name it ("A TaskWatch")
   * @param threadName its thread's name
   */
  public ListingLoop(
      LoopClient client,
      OperationName operation,
      RequestOptions options,
      TaskQuery query,
      Duration shortestWait,
      ListingConsumer consumer,
      SdkLogger log,
      String what,
      String threadName) {
    this.client = client;
    this.operation = operation;
    this.options = options;
    this.query = query;
    this.shortestWait = shortestWait;
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.log = log;
    this.what = what;
    this.threadName = threadName;
  }

  /** Starts the loop on a daemon thread of its own. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException(what + " is started already");
    }
    running = true;
    thread = new Thread(this::loop, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    try {
      while (!closed) {
        try {
          if (!consumer.awaitDemand() || closed) {
            return;
          }
        } catch (InterruptedException e) {
          return;
        }
        Duration wait;
        try {
          listOnce();
          wait = consumer.listingEnded();
        } catch (Stopped stopped) {
          return;
        } catch (CopilotzException failure) {
          if (closed) {
            return;
          }
          if (failure instanceof AuthenticationException
              || failure instanceof PermissionDeniedException) {
            stop(failure);
            return;
          }
          wait = afterFailure(failure);
        } catch (RuntimeException unexpected) {
          if (closed) {
            return;
          }
          if (client.closed()) {
            // The user closed the client: the loop ends quietly, as it would on close().
            closed = true;
            log.warning(what + " stopped: its TasksClient is closed");
            return;
          }
          wait = afterFailure(new CopilotzException("A listing failed: " + unexpected, unexpected));
        }
        if (!pause(wait)) {
          return;
        }
      }
    } finally {
      running = false;
      consumer.loopEnded();
    }
  }

  /**
   * Makes one listing and hands its tasks to the consumer: the loop's step, which a benchmark may
   * also call on a thread of its own.
   *
   * @throws CopilotzException if the listing fails
   */
  public void listOnce() {
    listings++;
    consumer.listingBegins();
    try (Stream<Task> stream = client.list(operation, options, query)) {
      Iterator<Task> tasks = stream.iterator();
      while (tasks.hasNext()) {
        if (closed) {
          throw new Stopped();
        }
        consumer.take(tasks.next());
      }
    }
    lastListing = client.clock().instant();
    consecutiveFailures = 0;
    lastFailure = null;
  }

  /** Counts, logs and tells a failed listing; returns the wait before the next. */
  private Duration afterFailure(CopilotzException failure) {
    int failures = consecutiveFailures + 1;
    consecutiveFailures = failures;
    lastFailure = failure;
    Duration wait = client.retryPolicy().afterListingFailed(failure, failures, shortestWait);
    log.warning(
        what
            + ": a listing failed ("
            + failures
            + " in a row); the next one in "
            + wait.toMillis()
            + " ms: "
            + failure.getMessage());
    consumer.listingFailed(failure);
    return wait;
  }

  /** Stops the loop on its own, and tells the consumer. */
  private void stop(CopilotzException cause) {
    lastFailure = cause;
    consecutiveFailures = consecutiveFailures + 1;
    closed = true;
    log.warning(what + " stopped: " + cause.getMessage());
    consumer.stopped(cause);
  }

  /** Waits; false when the loop closed meanwhile. */
  private boolean pause(Duration wait) {
    if (wait.isZero() || wait.isNegative()) {
      return !closed;
    }
    try {
      client.sleeper().sleep(wait);
      return !closed;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Ends the loop: no listing starts after this, and the wait or listing in progress ends (its
   * thread is interrupted, unless this is it).
   */
  public void close() {
    closed = true;
    Thread loop;
    synchronized (this) {
      loop = thread;
    }
    if (loop != null && loop != Thread.currentThread()) {
      loop.interrupt();
    }
  }

  /**
   * Whether {@link #close()} was called, or the loop stopped on its own.
   *
   * @return true once it is over
   */
  public boolean closed() {
    return closed;
  }

  /**
   * Waits for the loop's thread to end, for at most {@code timeout}.
   *
   * @param timeout the longest wait
   * @return true when it has ended (or never started)
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean join(Duration timeout) throws InterruptedException {
    Thread loop;
    synchronized (this) {
      loop = thread;
    }
    if (loop == null) {
      return true;
    }
    loop.join(Math.max(1, timeout.toMillis()));
    return !loop.isAlive();
  }

  /**
   * How the loop fares, as it stands.
   *
   * @return its health
   */
  public ListingHealth health() {
    return new ListingHealth(
        running && !closed,
        listings,
        consecutiveFailures,
        Optional.ofNullable(lastListing),
        Optional.ofNullable(lastFailure));
  }
}
