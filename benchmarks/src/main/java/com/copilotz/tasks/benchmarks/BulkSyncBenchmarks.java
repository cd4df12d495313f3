package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.SyncReport;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * 10,000 desired tasks synced into a {@link FakeCopilotzServer} that adds 2 ms to every answer: a
 * sequential loop of {@code upsertByExtId}, against the bulk sync helper (per-row lookups, and with
 * prefetch), then a rerun of the same input. Each run starts from an empty server (the reruns from
 * a synced one), and is checked afterwards: every extId exactly once, and no write in a rerun. A
 * failed check fails the benchmark.
 *
 * <p>Each benchmark measures its second run in its JVM: the first, on a server of its own, warms
 * the JIT up, so that a short run (a sync of a few seconds) is not charged more of the JVM's
 * warm-up than a long one (the loop). Cold start is measured by {@link ColdStartBenchmarks}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BulkSyncBenchmarks {
  static final int ROWS = 10_000;
  static final Duration LATENCY = Duration.ofMillis(2);

  static List<CreateTaskRequest> rows() {
    return IntStream.range(0, ROWS)
        .mapToObj(
            i ->
                new CreateTaskRequest()
                    .extId("CRM-" + i)
                    .status(TaskStatus.ACTIVE)
                    .name("Record " + i)
                    .description("Synced from the CRM")
                    .context(Map.of("index", i, "tier", i % 3 == 0 ? "gold" : "basic")))
        .collect(Collectors.toList());
  }

  /** An empty server, a client and the rows; checked after the run. */
  @State(Scope.Benchmark)
  public static class Empty {
    FakeCopilotzServer server;
    TasksClient client;
    List<CreateTaskRequest> rows;
    long writesBefore;

    @Setup(Level.Iteration)
    public void start() {
      server = new FakeCopilotzServer().start();
      client = server.newClient();
      rows = rows();
      prepare();
      writesBefore = writes(server);
      server.latency(LATENCY);
    }

    void prepare() {}

    @TearDown(Level.Iteration)
    public void check(BenchmarkParams params, IterationParams iteration) throws IOException {
      List<Task> tasks = server.tasks();
      Set<String> extIds = tasks.stream().map(Task::getExtId).collect(Collectors.toSet());
      long writes = writes(server) - writesBefore;
      client.close();
      server.close();
      String check =
          params.getBenchmark()
              + " tasks="
              + tasks.size()
              + " distinctExtIds="
              + extIds.size()
              + " writes="
              + writes;
      if (iteration.getType() == IterationType.MEASUREMENT) {
        HeapPeak.record(check);
      }
      if (tasks.size() != ROWS || extIds.size() != ROWS) {
        throw new IllegalStateException("duplicate or missing tasks: " + check);
      }
      if (mustNotWrite() && writes != 0) {
        throw new IllegalStateException("a rerun wrote: " + check);
      }
    }

    boolean mustNotWrite() {
      return false;
    }
  }

  /** A server that already holds the rows, for reruns; a rerun must not write. */
  @State(Scope.Benchmark)
  public static class Synced extends Empty {
    @Override
    void prepare() {
      client.taskSync().prefetch().build().run(rows);
    }

    @Override
    boolean mustNotWrite() {
      return true;
    }
  }

  static long writes(FakeCopilotzServer server) {
    return server.requests().stream().filter(r -> !r.method().equals("GET")).count();
  }

  @Benchmark
  public void sequentialUpsertLoop(Empty state) {
    for (CreateTaskRequest row : state.rows) {
      state.client.upsertByExtId(row);
    }
  }

  @Benchmark
  public SyncReport taskSync(Empty state) {
    return requireNoFailure(state.client.taskSync().build().run(state.rows));
  }

  @Benchmark
  public SyncReport taskSyncPrefetch(Empty state) {
    return requireNoFailure(state.client.taskSync().prefetch().build().run(state.rows));
  }

  @Benchmark
  public SyncReport taskSyncRerun(Synced state) {
    return requireNoFailure(state.client.taskSync().build().run(state.rows));
  }

  @Benchmark
  public SyncReport taskSyncPrefetchRerun(Synced state) {
    return requireNoFailure(state.client.taskSync().prefetch().build().run(state.rows));
  }

  private static SyncReport requireNoFailure(SyncReport report) {
    if (report.failed() != 0) {
      throw new IllegalStateException("rows failed: " + report.failures());
    }
    return report;
  }
}
