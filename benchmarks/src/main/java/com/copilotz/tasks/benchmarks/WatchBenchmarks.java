package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.internal.http.RetryPolicy;
import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.internal.loop.LoopClient;
import com.copilotz.tasks.internal.watch.Watcher;
import com.copilotz.tasks.model.Task;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A watch of 100,000 tasks: one listing of them (about 33 MB of JSON, made as it is read), compared
 * with what the watch remembers (nothing changed, as on most listings), against the floor, OkHttp
 * and Jackson by hand streaming the same answer one task at a time. Side by side in one run. The
 * heap the watch keeps per task is measured after the first listing (the used heap after a full GC,
 * with the watch and without it), and recorded with the figure the watch itself accounts for.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx512m"})
public class WatchBenchmarks {
  /** The tasks the query matches; the quick run of the suite uses fewer. */
  @Param("100000")
  public long tasks;

  private final AtomicLong served = new AtomicLong();
  private OkHttpClient transport;
  private TasksClient sdk;
  private ObjectReader taskReader;
  private Watcher watcher;
  private long heapPerTask;

  @Setup(Level.Trial)
  public void start() throws IOException {
    transport = CannedTransport.client(request -> CannedTransport.generatedList(tasks, served));
    sdk =
        TasksClient.builder()
            .baseUrl(InMemoryBenchmarks.BASE_URL)
            .accessToken(Fixtures.TOKEN)
            .okHttpClient(transport)
            .build();
    taskReader = Contenders.userMapper().readerFor(Task.class);
    long without = usedAfterGc();
    watcher = newWatcher();
    watcher.listOnce();
    long with = usedAfterGc();
    heapPerTask = (with - without) / tasks;
    if (watcher.tasks().size() != tasks) {
      throw new IllegalStateException("the watch remembers " + watcher.tasks().size() + " tasks");
    }
  }

  private Watcher newWatcher() {
    LoopClient client =
        LoopClient.ofListings(
            (operation, options, query) -> sdk.listTasks(query),
            Sleeper.REAL,
            Clock.systemUTC(),
            new RetryPolicy(Duration.ofMinutes(1), Clock.systemUTC()));
    return new Watcher(
        client,
        TaskQuery.builder().workflow(2).build(),
        RequestOptions.NONE,
        event -> {
          throw new IllegalStateException("nothing changed, yet the watch told " + event);
        },
        Duration.ofSeconds(5),
        false,
        null);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    HeapPeak.record(
        String.format(
            Locale.ROOT,
            "watch heap: %d bytes per watched task measured (used heap after GC, with the watch"
                + " and without), %d accounted by the watch, %d tasks",
            heapPerTask,
            watcher.tasks().retainedBytes() / tasks,
            tasks));
    sdk.close();
  }

  /** One listing of every watched task, compared with what the watch remembers. */
  @Benchmark
  public int watchListing() {
    watcher.listOnce();
    return watcher.tasks().size();
  }

  /** The same answer streamed by hand, one task at a time (the floor). */
  @Benchmark
  public long listingFloor() throws IOException {
    long count =
        Contenders.streamedCount(
            transport, taskReader, InMemoryBenchmarks.BASE_URL + "rest/tasks?workflow=2");
    if (count != tasks) {
      throw new IllegalStateException("counted " + count + " tasks, not " + tasks);
    }
    return count;
  }
}
