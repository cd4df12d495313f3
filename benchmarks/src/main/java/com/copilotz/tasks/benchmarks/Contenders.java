package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.internal.api.TasksApi;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * The four ways to make the same call, each built once and reused, as a user would: the SDK; OkHttp
 * and Jackson by hand (the floor); the generated Retrofit interface with Retrofit's Jackson
 * converter; and {@code java.net.http.HttpClient} with Jackson.
 */
final class Contenders implements AutoCloseable {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  final CannedHttpServer server;
  final String baseUrl;
  final ObjectMapper mapper = userMapper();
  final TasksClient sdk;
  final OkHttpClient okHttp;
  final TasksApi retrofit;
  final HttpClient jdk;
  final CreateTaskRequest createRequest = Fixtures.createRequest();

  Contenders() throws IOException {
    server = new CannedHttpServer(Fixtures.taskJson());
    baseUrl = server.baseUrl();
    sdk = TasksClient.builder().baseUrl(baseUrl).accessToken(Fixtures.TOKEN).build();
    okHttp = new OkHttpClient();
    // The generated interface takes the Authorization header as a parameter: a user passes their
    // own.
    retrofit =
        new Retrofit.Builder()
            .baseUrl(baseUrl)
            .client(okHttp)
            .addConverterFactory(JacksonConverterFactory.create(mapper))
            .build()
            .create(TasksApi.class);
    jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /**
   * The floor of a listing: streams the list answer at {@code url} with a {@code JsonParser},
   * reading one task at a time with {@code taskReader}, and counts the tasks.
   */
  static long streamedCount(OkHttpClient transport, ObjectReader taskReader, String url)
      throws IOException {
    Request request =
        new Request.Builder().url(url).header("Authorization", "Bearer " + Fixtures.TOKEN).build();
    try (Response response = transport.newCall(request).execute();
        JsonParser parser = taskReader.createParser(response.body().byteStream())) {
      long count = 0;
      if (parser.nextToken() != JsonToken.START_OBJECT
          || !"data".equals(parser.nextFieldName())
          || parser.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException("not a task list");
      }
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        Task task = taskReader.readValue(parser);
        count += task.getId() != null ? 1 : 0;
      }
      return count;
    }
  }

  /** A mapper as a user of Jackson would set it up for this API. */
  static ObjectMapper userMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }

  // ---- getTask

  Task sdkGet() {
    return sdk.getTask(4242);
  }

  static Task okHttpGet(OkHttpClient client, ObjectMapper mapper, String baseUrl)
      throws IOException {
    Request request =
        new Request.Builder()
            .url(baseUrl + "rest/tasks/4242")
            .header("Authorization", "Bearer " + Fixtures.TOKEN)
            .build();
    return readTask(client, mapper, request);
  }

  private static Task readTask(OkHttpClient client, ObjectMapper mapper, Request request)
      throws IOException {
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      return mapper.readValue(response.body().byteStream(), Task.class);
    }
  }

  Task okHttpGet() throws IOException {
    return okHttpGet(okHttp, mapper, baseUrl);
  }

  Task retrofitGet() throws IOException {
    return retrofit.getTask(4242L, null, Fixtures.AUTHORIZATION, null).execute().body();
  }

  Task jdkGet() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "rest/tasks/4242"))
            .header("Authorization", "Bearer " + Fixtures.TOKEN)
            .GET()
            .build();
    HttpResponse<InputStream> response =
        jdk.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      return mapper.readValue(body, Task.class);
    }
  }

  // ---- createTask

  Task sdkCreate() {
    return sdk.createTask(createRequest);
  }

  Task okHttpCreate() throws IOException {
    Request request =
        new Request.Builder()
            .url(baseUrl + "rest/tasks")
            .header("Authorization", "Bearer " + Fixtures.TOKEN)
            .post(RequestBody.create(mapper.writeValueAsBytes(createRequest), JSON))
            .build();
    return readTask(okHttp, mapper, request);
  }

  Task retrofitCreate() throws IOException {
    return retrofit.createTask(createRequest, Fixtures.AUTHORIZATION, null).execute().body();
  }

  Task jdkCreate() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "rest/tasks"))
            .header("Authorization", "Bearer " + Fixtures.TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(createRequest)))
            .build();
    HttpResponse<InputStream> response =
        jdk.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      return mapper.readValue(body, Task.class);
    }
  }

  @Override
  public void close() throws IOException {
    sdk.close();
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
    server.close();
  }
}
