package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.internal.api.TasksApi;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
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
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * The client's own cost per call, with no socket and no server: every contender makes the same call
 * over the same {@link CannedTransport} client, whose last interceptor answers canned bytes. The
 * figure is each client's CPU and allocation, which wall-time ratios against a socket server (on
 * the same 2 cores) blur.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 6, time = 1)
// SerialGC: no concurrent GC threads competing with the measured thread on 2 cores.
@Fork(
    value = 5,
    jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms512m", "-Xmx512m"})
public class InMemoryBenchmarks {
  static final String BASE_URL = "https://copilotz.test/";

  private final ObjectMapper mapper = Contenders.userMapper();
  private final CreateTaskRequest createRequest = Fixtures.createRequest();
  private final UpdateTaskRequest updateRequest = Fixtures.updateRequest();
  private OkHttpClient transport;
  private TasksClient sdk;
  private TasksApi generated;

  @Setup(Level.Trial)
  public void start() throws IOException {
    transport =
        CannedTransport.client(
            CannedTransport.always(Fixtures.taskJson().getBytes(StandardCharsets.UTF_8)));
    sdk =
        TasksClient.builder()
            .baseUrl(BASE_URL)
            .accessToken(Fixtures.TOKEN)
            .okHttpClient(transport)
            .build();
    // The generated interface takes the Authorization header as a parameter: a user passes their
    // own.
    generated =
        new Retrofit.Builder()
            .baseUrl(BASE_URL)
            .client(transport)
            .addConverterFactory(JacksonConverterFactory.create(mapper))
            .build()
            .create(TasksApi.class);
    for (Task task :
        new Task[] {
          getTaskSdk(),
          getTaskGenerated(),
          getTaskFloor(),
          createTaskSdk(),
          createTaskGenerated(),
          createTaskFloor(),
          updateTaskSdk(),
          updateTaskGenerated(),
          updateTaskFloor()
        }) {
      if (task == null || task.getId() != 4242L || task.getContext().size() != 20) {
        throw new IllegalStateException("a contender read the wrong task: " + task);
      }
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    sdk.close();
  }

  @Benchmark
  public Task getTaskSdk() {
    return sdk.getTask(4242);
  }

  @Benchmark
  public Task getTaskGenerated() throws IOException {
    return generated.getTask(4242L, null, Fixtures.AUTHORIZATION, null).execute().body();
  }

  @Benchmark
  public Task getTaskFloor() throws IOException {
    Request request =
        new Request.Builder()
            .url(BASE_URL + "rest/tasks/4242")
            .header("Authorization", "Bearer " + Fixtures.TOKEN)
            .build();
    return read(request);
  }

  @Benchmark
  public Task createTaskSdk() {
    return sdk.createTask(createRequest);
  }

  @Benchmark
  public Task createTaskGenerated() throws IOException {
    return generated.createTask(createRequest, Fixtures.AUTHORIZATION, null).execute().body();
  }

  @Benchmark
  public Task createTaskFloor() throws IOException {
    Request request =
        new Request.Builder()
            .url(BASE_URL + "rest/tasks")
            .header("Authorization", "Bearer " + Fixtures.TOKEN)
            .post(RequestBody.create(mapper.writeValueAsBytes(createRequest), CannedTransport.JSON))
            .build();
    return read(request);
  }

  @Benchmark
  public Task updateTaskSdk() {
    return sdk.updateTask(4242, updateRequest);
  }

  @Benchmark
  public Task updateTaskGenerated() throws IOException {
    return generated
        .updateTask(4242L, updateRequest, Fixtures.AUTHORIZATION, null)
        .execute()
        .body();
  }

  @Benchmark
  public Task updateTaskFloor() throws IOException {
    Request request =
        new Request.Builder()
            .url(BASE_URL + "rest/tasks/4242")
            .header("Authorization", "Bearer " + Fixtures.TOKEN)
            .put(RequestBody.create(mapper.writeValueAsBytes(updateRequest), CannedTransport.JSON))
            .build();
    return read(request);
  }

  private Task read(Request request) throws IOException {
    try (Response response = transport.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      return mapper.readValue(response.body().byteStream(), Task.class);
    }
  }
}
