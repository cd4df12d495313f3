package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
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

/**
 * A fan-out of {@value #CALLS} {@code getTask} calls at once against a server that answers each
 * after {@value #LATENCY_MILLIS} ms: the time until all have answered, for the async client and for
 * the blocking client on {@value #CALLS} threads, with the SDK's defaults; and, for comparison, the
 * async client on an OkHttp client of the user's that keeps OkHttp's default dispatcher (5 requests
 * per host at once). The network allows one latency.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class FanOutBenchmarks {
  static final int CALLS = 64;
  static final long LATENCY_MILLIS = 100;

  private CannedHttpServer server;
  private TasksClient sdk;
  private TasksClient onOkHttpDefaults;
  private ExecutorService threads;

  @Setup(Level.Trial)
  public void start() throws Exception {
    server = new CannedHttpServer(Fixtures.taskJson(), Duration.ofMillis(LATENCY_MILLIS));
    sdk = TasksClient.builder().baseUrl(server.baseUrl()).accessToken(Fixtures.TOKEN).build();
    onOkHttpDefaults =
        TasksClient.builder()
            .baseUrl(server.baseUrl())
            .accessToken(Fixtures.TOKEN)
            .okHttpClient(new OkHttpClient())
            .build();
    threads = Executors.newFixedThreadPool(CALLS);
    // Each contender must get every task right before its time counts.
    for (List<Task> tasks : List.of(async(sdk), blocking(), async(onOkHttpDefaults))) {
      if (tasks.size() != CALLS || tasks.stream().anyMatch(task -> task.getId() != 4242L)) {
        throw new IllegalStateException("a contender read the wrong tasks");
      }
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    threads.shutdownNow();
    sdk.close();
    onOkHttpDefaults.close();
    server.close();
  }

  private static List<Task> async(TasksClient client) {
    List<CompletableFuture<Task>> calls = new ArrayList<>(CALLS);
    for (int i = 0; i < CALLS; i++) {
      calls.add(client.async().getTask(4242));
    }
    List<Task> tasks = new ArrayList<>(CALLS);
    for (CompletableFuture<Task> call : calls) {
      tasks.add(call.join());
    }
    return tasks;
  }

  private List<Task> blocking() throws InterruptedException, ExecutionException {
    List<Callable<Task>> calls = new ArrayList<>(CALLS);
    for (int i = 0; i < CALLS; i++) {
      calls.add(() -> sdk.getTask(4242));
    }
    List<Task> tasks = new ArrayList<>(CALLS);
    for (Future<Task> call : threads.invokeAll(calls)) {
      tasks.add(call.get());
    }
    return tasks;
  }

  @Benchmark
  public List<Task> asyncSdk() {
    return async(sdk);
  }

  @Benchmark
  public List<Task> blockingSdkOn64Threads() throws InterruptedException, ExecutionException {
    return blocking();
  }

  @Benchmark
  public List<Task> asyncOnOkHttpDefaultDispatcher() {
    return async(onOkHttpDefaults);
  }
}
