package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.SyncReport;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import okhttp3.ResponseBody;
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
 * A bulk sync with {@code prefetch()} over a scope of 1,000,000 stored tasks, in a JVM with a 256
 * MB heap: the listing is one answer of 1,000,000 tasks made as it is read, and the desired rows
 * (1,000,000, read lazily) match them, as a rerun's do: every row must be unchanged and the run
 * must make no write. Checked after each run; a failed check fails the benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx256m"})
public class PrefetchBenchmarks {
  /** The tasks in the answer; the quick run of the suite uses fewer. */
  @Param("1000000")
  public long tasks;

  private final AtomicLong served = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong listings = new AtomicLong();
  private TasksClient sdk;

  @Setup(Level.Trial)
  public void start() {
    sdk =
        TasksClient.builder()
            .baseUrl(InMemoryBenchmarks.BASE_URL)
            .accessToken(Fixtures.TOKEN)
            .okHttpClient(
                CannedTransport.client(
                    request -> {
                      if (!request.method().equals("GET")) {
                        writes.incrementAndGet();
                        return ResponseBody.create(
                            "{}".getBytes(StandardCharsets.UTF_8), CannedTransport.JSON);
                      }
                      listings.incrementAndGet();
                      return CannedTransport.generatedList(tasks, served);
                    }))
            .build();
  }

  /** The row for task {@code id}, as {@link CannedTransport#listedTask} stores it. */
  static CreateTaskRequest row(long id) {
    return new CreateTaskRequest()
        .extId("REC-" + id)
        .workflow(2L)
        .currentStep(5L)
        .status(TaskStatus.ACTIVE)
        .name("Record " + id)
        .description("Synced from the CRM for customer account " + id)
        .context(
            Map.of("customer", "Customer " + id, "tier", "gold", "priority", 3, "region", "emea"));
  }

  @Benchmark
  public SyncReport prefetchRerun() throws IOException {
    long writesBefore = writes.get();
    long listingsBefore = listings.get();
    Stream<CreateTaskRequest> rows =
        LongStream.rangeClosed(1, tasks).mapToObj(PrefetchBenchmarks::row);
    SyncReport report = sdk.taskSync().prefetch().build().run(rows);
    if (report.unchanged() != tasks
        || report.failed() != 0
        || writes.get() != writesBefore
        || listings.get() != listingsBefore + 1) {
      throw new IllegalStateException(
          "expected "
              + tasks
              + " unchanged rows, one listing and no write: "
              + report
              + ", writes "
              + (writes.get() - writesBefore)
              + ", listings "
              + (listings.get() - listingsBefore));
    }
    return report;
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    sdk.close();
    HeapPeak.record(
        String.format(
            java.util.Locale.ROOT,
            "prefetch heap: max %d MB, old-generation peak %d MB, %,d stored tasks, %d writes",
            HeapPeak.maxHeap() >> 20,
            HeapPeak.oldGenPeak() >> 20,
            tasks,
            writes.get()));
  }
}
