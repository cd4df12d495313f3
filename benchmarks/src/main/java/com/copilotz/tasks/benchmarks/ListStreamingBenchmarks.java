package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.Task;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
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
 * One list answer of 1,000,000 tasks (about 330 MB of JSON, made as it is read, never whole),
 * counted by {@code client.listTasks(query).count()} and by OkHttp and Jackson by hand, streaming
 * one task at a time (the floor), each in a JVM with a 64 MB heap. The heap's peak is recorded
 * after each run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx64m"})
public class ListStreamingBenchmarks {
  /** The tasks in the answer; the quick run of the suite uses fewer. */
  @Param("1000000")
  public long tasks;

  private final AtomicLong served = new AtomicLong();
  private OkHttpClient transport;
  private TasksClient sdk;
  private ObjectReader taskReader;

  @Setup(Level.Trial)
  public void start() {
    transport = CannedTransport.client(request -> CannedTransport.generatedList(tasks, served));
    sdk =
        TasksClient.builder()
            .baseUrl(InMemoryBenchmarks.BASE_URL)
            .accessToken(Fixtures.TOKEN)
            .okHttpClient(transport)
            .build();
    taskReader = Contenders.userMapper().readerFor(Task.class);
  }

  @TearDown(Level.Trial)
  public void stop(org.openjdk.jmh.infra.BenchmarkParams params) throws IOException {
    sdk.close();
    String contender = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    HeapPeak.record(
        String.format(
            java.util.Locale.ROOT,
            "%s heap: max %d MB, old-generation peak %d MB, %d MB served",
            contender,
            HeapPeak.maxHeap() >> 20,
            HeapPeak.oldGenPeak() >> 20,
            served.get() >> 20));
  }

  @Benchmark
  public long listTasksSdk() {
    try (Stream<Task> stream = sdk.listTasks(TaskQuery.builder().build())) {
      return check(stream.count());
    }
  }

  @Benchmark
  public long listTasksFloor() throws IOException {
    return check(
        Contenders.streamedCount(
            transport, taskReader, InMemoryBenchmarks.BASE_URL + "rest/tasks"));
  }

  private long check(long count) {
    if (count != tasks) {
      throw new IllegalStateException("counted " + count + " tasks, not " + tasks);
    }
    return count;
  }
}
