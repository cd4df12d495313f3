package com.copilotz.tasks;

import com.copilotz.tasks.internal.ops.Checks;
import com.copilotz.tasks.internal.watch.Watcher;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * A running watch of the tasks a {@link TaskQuery} matches, started by {@link
 * TasksClient#watch(TaskQuery)}: it lists the query every interval and tells its {@link
 * WatchListener} what changed since the last listing, as {@link TaskEvent}s. The server has no
 * events, no webhooks and no conditional requests, so every listing reads the whole filtered set:
 * scope the query (a workflow, a step, a status) to keep it small.
 *
 * <p>A listing compares the tasks one at a time as they are read (the answer is streamed, as {@link
 * TasksClient#listTasks} streams it), and the watch remembers per task only its id, step, status,
 * {@code updatedAt} and a hash per top-level context key: about 50 bytes a task and 9 per context
 * key (94 bytes measured for tasks of four context keys). Polling coalesces: two moves between
 * listings arrive as one.
 *
 * <p>The listener is called on the watch's own thread, or on the executor given, one call at a time
 * and in order; the next listing waits for it, so a slow listener delays the watch and loses
 * nothing. A listing that fails is reported to {@link WatchListener#onListingFailed} and tried
 * again after a backoff (or the server's {@code Retry-After}): the watch keeps running, and its
 * {@link #health()} says how it fares. An authentication or permission failure stops it, and {@link
 * WatchListener#onStopped} is told. Each listing is an operation the client's observer sees ({@code
 * watchTasks}). The watch's thread is a daemon: it does not keep the JVM alive.
 *
 * <pre>{@code
 * try (TaskWatch watch = client.watch(TaskQuery.builder().workflow(2).build())
 *     .start(event -> System.out.println(event))) {
 *   ...
 * }
 * }</pre>
 */
public final class TaskWatch implements AutoCloseable {
  /** The wait between listings when none is set: 5 seconds. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  private final Watcher watcher;
  private final TaskQuery query;

  private TaskWatch(Watcher watcher, TaskQuery query) {
    this.watcher = watcher;
    this.query = query;
  }

  /**
   * Returns how the watch fares.
   *
   * @return its health now
   */
  public WatchHealth health() {
    return watcher.health();
  }

  /**
   * Stops the watch: no listing starts after this, and a call of the listener in progress is waited
   * for, so that once this returns the listener is never called again. It does not wait out the
   * interval, and a listing in flight is abandoned. Closing twice does nothing; called from the
   * listener, it returns at once.
   */
  @Override
  public void close() {
    watcher.close();
  }

  /** For tests: waits for the watch's thread to end; true when it has. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return watcher.join(timeout);
  }

  /** Describes the watch by its query and health. */
  @Override
  public String toString() {
    WatchHealth health = health();
    return "TaskWatch[" + query + ", running=" + health.running() + "]";
  }

  /** Sets up a watch; {@link #start} starts it. Not thread-safe. */
  public static final class Builder {
    private final ClientCore core;
    private final TaskQuery query;
    private Duration interval = DEFAULT_INTERVAL;
    private boolean reportExisting;
    private Executor listenerExecutor;
    private RequestOptions options = RequestOptions.NONE;

    Builder(ClientCore core, TaskQuery query) {
      this.core = core;
      this.query = Objects.requireNonNull(query, "query");
    }

    /**
     * Sets the wait between the end of a listing and the start of the next; {@link
     * #DEFAULT_INTERVAL} by default.
     *
     * @param interval the wait
     * @return this builder
     * @throws NullPointerException if {@code interval} is null
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public Builder interval(Duration interval) {
      this.interval = Checks.requirePositive(interval, "interval");
      return this;
    }

    /**
     * Reports every task of the first listing as {@link TaskEvent.Appeared}. By default the first
     * listing only sets the baseline: it reports nothing, and later listings report what changed
     * since.
     *
     * @return this builder
     */
    public Builder reportExistingTasks() {
      this.reportExisting = true;
      return this;
    }

    /**
     * Calls the listener on {@code executor} instead of the watch's own thread, still one call at a
     * time and in order: the watch waits for each call to end before it goes on.
     *
     * @param executor runs the listener
     * @return this builder
     * @throws NullPointerException if {@code executor} is null
     */
    public Builder listenerExecutor(Executor executor) {
      this.listenerExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets the options of each listing's calls.
     *
     * @param options the options
     * @return this builder
     * @throws NullPointerException if {@code options} is null
     */
    public Builder options(RequestOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Starts the watch: its first listing begins at once, on its own thread.
     *
     * @param listener told of the changes
     * @return the running watch; close it to stop it
     * @throws NullPointerException if {@code listener} is null
     * @throws IllegalStateException if the client is closed
     */
    public TaskWatch start(WatchListener listener) {
      Objects.requireNonNull(listener, "listener");
      core.ensureOpen(options);
      Watcher watcher =
          new Watcher(
              core.loopClient(),
              query,
              options,
              listener,
              interval,
              reportExisting,
              listenerExecutor);
      watcher.start();
      return new TaskWatch(watcher, query);
    }
  }
}
