package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.Task;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
 * A new JVM builds a client and makes one {@code getTask}: the first call's cost, class loading
 * included. Each fork is a fresh JVM that measures exactly one call; the canned server is started
 * before the clock.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 20)
public class ColdStartBenchmarks {
  private CannedHttpServer server;
  private AutoCloseable built;

  @Setup(Level.Trial)
  public void start() throws IOException {
    server = new CannedHttpServer(Fixtures.taskJson());
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    if (built != null) {
      built.close();
    }
    server.close();
  }

  @Benchmark
  public Task sdk() {
    TasksClient client =
        TasksClient.builder().baseUrl(server.baseUrl()).accessToken(Fixtures.TOKEN).build();
    built = client;
    return client.getTask(4242);
  }

  @Benchmark
  public Task okHttp() throws IOException {
    OkHttpClient client = new OkHttpClient();
    ObjectMapper mapper = Contenders.userMapper();
    built = () -> client.dispatcher().executorService().shutdown();
    return Contenders.okHttpGet(client, mapper, server.baseUrl());
  }
}
