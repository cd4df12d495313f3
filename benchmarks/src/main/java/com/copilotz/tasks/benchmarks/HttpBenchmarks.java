package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.model.Task;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
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
 * Time and allocation per call of {@code getTask} (GET, parse a task with a 20-key context) and
 * {@code createTask} (POST a task, parse the answer), for each contender, against the same canned
 * server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class HttpBenchmarks {
  private Contenders contenders;

  @Setup(Level.Trial)
  public void start() throws IOException {
    contenders = new Contenders();
    // Each contender must get the task right before its time counts.
    for (Task task :
        new Task[] {
          contenders.sdkGet(),
          contenders.sdkCreate(),
          contenders.okHttpGet(),
          contenders.retrofitGet()
        }) {
      if (task == null || task.getId() != 4242L || task.getContext().size() != 20) {
        throw new IllegalStateException("a contender read the wrong task: " + task);
      }
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    contenders.close();
  }

  @Benchmark
  public Task getTaskSdk() {
    return contenders.sdkGet();
  }

  @Benchmark
  public Task getTaskOkHttp() throws IOException {
    return contenders.okHttpGet();
  }

  @Benchmark
  public Task getTaskRetrofit() throws IOException {
    return contenders.retrofitGet();
  }

  @Benchmark
  public Task getTaskJdkHttpClient() throws IOException, InterruptedException {
    return contenders.jdkGet();
  }

  @Benchmark
  public Task createTaskSdk() {
    return contenders.sdkCreate();
  }

  @Benchmark
  public Task createTaskOkHttp() throws IOException {
    return contenders.okHttpCreate();
  }

  @Benchmark
  public Task createTaskRetrofit() throws IOException {
    return contenders.retrofitCreate();
  }

  @Benchmark
  public Task createTaskJdkHttpClient() throws IOException, InterruptedException {
    return contenders.jdkCreate();
  }
}
