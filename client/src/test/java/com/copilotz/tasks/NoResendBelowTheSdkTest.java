package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.errors.UnconfirmedWriteException;
import com.copilotz.tasks.errors.UnexpectedStatusCodeException;
import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every request the server receives is an attempt of the SDK's own retry engine: OkHttp repeats
 * nothing by itself (a 503 with {@code Retry-After: 0}, a 408, a write's redirect, a 401 with an
 * authenticator), counted by what the server received, for each method, with retries off and on,
 * blocking and async.
 */
class NoResendBelowTheSdkTest {
  @StartStop final MockWebServer server = Wire.server();
  @StartStop final MockWebServer elsewhere = Wire.server();
  final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  final ObserverTest.Recorder recorder = new ObserverTest.Recorder();

  TasksClient client(int maxRetries) {
    return builder().maxRetries(maxRetries).build();
  }

  TasksClient.Builder builder() {
    return TasksClient.builder()
        .baseUrl(server.url("/").toString())
        .accessToken(Wire.TOKEN)
        .sleeper(
            new Sleeper() {
              @Override
              public void sleep(Duration duration) {
                waits.add(duration);
              }

              @Override
              public void schedule(Duration duration, Runnable task) {
                waits.add(duration);
                task.run();
              }
            })
        .observer(recorder);
  }

  static MockResponse unavailableRetryAtOnce() {
    return new MockResponse.Builder()
        .code(503)
        .setHeader("Retry-After", "0")
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body("{\"error\":{\"message\":\"busy\"}}")
        .build();
  }

  static CreateTaskRequest create() {
    return new CreateTaskRequest().extId("E1").status(TaskStatus.ACTIVE).name("n").description("d");
  }

  /** Each of the four methods, as one call of either facade. */
  enum Method {
    GET("GET", "/rest/tasks/7"),
    PUT("PUT", "/rest/tasks/7"),
    DELETE("DELETE", "/rest/tasks/7"),
    POST("POST", "/rest/tasks");

    final String method;
    final String target;

    Method(String method, String target) {
      this.method = method;
      this.target = target;
    }

    Object call(TasksClient client, boolean async) {
      switch (this) {
        case GET:
          return async ? client.async().getTask(7).join() : client.getTask(7);
        case PUT:
          UpdateTaskRequest update = new UpdateTaskRequest().status(TaskStatus.PENDING);
          return async ? client.async().updateTask(7, update).join() : client.updateTask(7, update);
        case DELETE:
          if (async) {
            client.async().deleteTask(7).join();
          } else {
            client.deleteTask(7);
          }
          return null;
        default:
          return async ? client.async().createTask(create()).join() : client.createTask(create());
      }
    }

    MockResponse success() {
      return this == DELETE ? json("{\"_id\":7,\"deleted\":true}") : json(TASK_JSON);
    }
  }

  static RuntimeException thrown(Runnable call) {
    try {
      call.run();
    } catch (CompletionException e) {
      return (RuntimeException) e.getCause();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("the call did not fail");
  }

  @ParameterizedTest
  @CsvSource({"GET,false", "DELETE,false", "GET,true", "DELETE,true"})
  void withoutRetriesA503WithRetryAfterZeroReachesTheServerOnce(Method method, boolean async)
      throws InterruptedException {
    server.enqueue(unavailableRetryAtOnce());
    server.enqueue(method.success());

    try (TasksClient client = client(0)) {
      RuntimeException failure = thrown(() -> method.call(client, async));
      assertThat(failure).isInstanceOf(InternalServerException.class);
      assertThat(((InternalServerException) failure).statusCode()).isEqualTo(503);
    }

    assertThat(server.getRequestCount()).isEqualTo(1);
    RecordedRequest only = Wire.take(server);
    assertThat(only.getMethod()).isEqualTo(method.method);
    assertThat(only.getTarget()).isEqualTo(method.target);
    assertThat(waits).isEmpty();
    assertThat(recorder.events).filteredOn(line -> line.startsWith("  attempt")).hasSize(1);
    assertThat(recorder.events).contains("  end SERVER_ERROR 503 InternalServerException");
  }

  @ParameterizedTest
  @CsvSource({"PUT,false", "POST,false", "PUT,true", "POST,true"})
  void withoutRetriesAWriteAnswered503WithRetryAfterZeroIsSentOnceThenReadBack(
      Method method, boolean async) throws InterruptedException {
    server.enqueue(unavailableRetryAtOnce());
    // The read finds the write not applied (the task unchanged since, or no task with the extId).
    server.enqueue(method == Method.PUT ? Wire.dated(TASK_JSON) : json("{\"data\":[]}"));

    try (TasksClient client = client(0)) {
      RuntimeException failure = thrown(() -> method.call(client, async));
      assertThat(failure)
          .isInstanceOf(UnconfirmedWriteException.class)
          .hasMessageContaining("it was not applied, and the call may not be retried again")
          .cause()
          .isInstanceOf(InternalServerException.class);
    }

    assertThat(server.getRequestCount()).isEqualTo(2);
    RecordedRequest write = Wire.take(server);
    assertThat(write.getMethod()).isEqualTo(method.method);
    assertThat(write.getTarget()).isEqualTo(method.target);
    assertThat(Wire.take(server).getMethod()).isEqualTo("GET");
    assertThat(waits).containsExactly(Duration.ZERO);
  }

  @ParameterizedTest
  @CsvSource({"GET,false", "DELETE,false", "GET,true", "DELETE,true"})
  void withRetriesA503WithRetryAfterZeroIsRetriedOnceAtOnceBySdkRules(Method method, boolean async)
      throws InterruptedException {
    server.enqueue(unavailableRetryAtOnce());
    server.enqueue(method.success());

    try (TasksClient client = client(TasksClient.DEFAULT_MAX_RETRIES)) {
      Object result = method.call(client, async);
      if (method != Method.DELETE) {
        assertThat(((Task) result).getId()).isEqualTo(7L);
      }
    }

    assertThat(server.getRequestCount()).isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      RecordedRequest request = Wire.take(server);
      assertThat(request.getMethod()).isEqualTo(method.method);
      assertThat(request.getTarget()).isEqualTo(method.target);
    }
    assertThat(waits).containsExactly(Duration.ZERO);
    String template = method.target.replace("/7", "/{id}");
    assertThat(recorder.events)
        .filteredOn(line -> line.startsWith("  attempt") || line.startsWith("  end"))
        .containsExactly(
            "  attempt " + method.method + " " + template + " #1",
            "  end SERVER_ERROR 503 retried: HTTP 503 InternalServerException",
            "  attempt " + method.method + " " + template + " #2 after HTTP 503",
            "  end SUCCESS 200");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void withRetriesA503UpdateIsReadBeforeItIsSentAgain(boolean async) throws InterruptedException {
    server.enqueue(unavailableRetryAtOnce());
    server.enqueue(Wire.dated(TASK_JSON));
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = client(TasksClient.DEFAULT_MAX_RETRIES)) {
      assertThat(((Task) Method.PUT.call(client, async)).getId()).isEqualTo(7L);
    }

    assertThat(server.getRequestCount()).isEqualTo(3);
    Wire.assertRestCall(Wire.take(server), "PUT", "/rest/tasks/7");
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7");
    Wire.assertRestCall(Wire.take(server), "PUT", "/rest/tasks/7");
    assertThat(waits).containsExactly(Duration.ZERO);
    assertThat(recorder.events)
        .filteredOn(line -> line.startsWith("  attempt") || line.startsWith("  end"))
        .containsExactly(
            "  attempt PUT /rest/tasks/{id} #1",
            "  end SERVER_ERROR 503 retried: HTTP 503 InternalServerException",
            "  attempt GET /rest/tasks/{id} #1",
            "  end SUCCESS 200",
            "  attempt PUT /rest/tasks/{id} #2 after HTTP 503",
            "  end SUCCESS 200");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void withRetriesAn503CreateIsLookedUpBeforeItIsSentAgain(boolean async)
      throws InterruptedException {
    server.enqueue(unavailableRetryAtOnce());
    server.enqueue(json("{\"data\":[]}"));
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = client(TasksClient.DEFAULT_MAX_RETRIES)) {
      assertThat(((Task) Method.POST.call(client, async)).getId()).isEqualTo(7L);
    }

    assertThat(server.getRequestCount()).isEqualTo(3);
    Wire.assertRestCall(Wire.take(server), "POST", "/rest/tasks");
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks?extId=E1&limit=100&offset=0");
    Wire.assertRestCall(Wire.take(server), "POST", "/rest/tasks");
    assertThat(waits).containsExactly(Duration.ZERO);
  }

  @Test
  void theUsersInterceptorsSeeTheStatusTheServerSent() {
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    OkHttpClient users =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  okhttp3.Response response = chain.proceed(chain.request());
                  seen.add(response.code());
                  return response;
                })
            .build();
    server.enqueue(unavailableRetryAtOnce());
    server.enqueue(new MockResponse.Builder().code(421).body("misdirected").build());
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = builder().okHttpClient(users).maxRetries(2).build()) {
      RuntimeException failure = thrown(() -> client.getTask(7));
      assertThat(failure).isInstanceOf(UnexpectedStatusCodeException.class);
      assertThat(((CopilotzApiException) failure).statusCode()).isEqualTo(421);
    }

    assertThat(seen).containsExactly(503, 421);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void a408CreateIsNotRepeatedByTheUsersOkHttpClientEither(boolean async) {
    // OkHttp's own default is retryOnConnectionFailure(true), which repeats a 408 at once, POST
    // included.
    OkHttpClient users = new OkHttpClient();
    server.enqueue(json(408, "{\"error\":{\"message\":\"slow\"}}"));
    server.enqueue(json("{\"data\":[]}"));
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = builder().okHttpClient(users).maxRetries(0).build()) {
      RuntimeException failure = thrown(() -> Method.POST.call(client, async));
      assertThat(((CopilotzApiException) failure.getCause()).statusCode()).isEqualTo(408);
    }

    // One create, then the read that settles it: never the create again.
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource({
    "PUT,301",
    "PUT,302",
    "PUT,307",
    "PUT,308",
    "DELETE,302",
    "DELETE,307",
    "POST,301",
    "POST,302",
    "POST,303",
    "POST,307",
    "POST,308"
  })
  void aWritesRedirectIsNeverFollowedAndSaysWhereItPointed(Method method, int status)
      throws InterruptedException {
    String location = elsewhere.url("/rest/tasks/7?token=abc").toString();
    server.enqueue(new MockResponse.Builder().code(status).setHeader("Location", location).build());
    // A user's client follows redirects by default: OkHttp would send the body again (307, 308) or
    // turn the
    // write into a GET (301, 302, 303). The SDK's never does.
    OkHttpClient users = new OkHttpClient();

    try (TasksClient client = builder().okHttpClient(users).build()) {
      RuntimeException failure = thrown(() -> method.call(client, false));
      assertThat(failure)
          .isInstanceOf(UnexpectedStatusCodeException.class)
          .hasMessageStartingWith(
              method.method
                  + " "
                  + method.target
                  + " answered "
                  + status
                  + " (a redirect to "
                  + elsewhere.url("/rest/tasks/7")
                  + ", which the SDK does not follow for this call: set baseUrl to "
                  + "where the API answers)")
          .hasMessageNotContaining("token=abc");
      assertThat(((CopilotzApiException) failure).header("Location")).contains(location);
    }

    assertThat(server.getRequestCount()).isEqualTo(1);
    // Nothing reached the other location: neither the body nor the Authorization header.
    assertThat(elsewhere.getRequestCount()).isZero();
    assertThat(waits).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aReadsRedirectIsFollowedWithinOneAttempt(boolean async) throws InterruptedException {
    server.enqueue(
        new MockResponse.Builder().code(301).setHeader("Location", "/v2/rest/tasks/7").build());
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = client(0)) {
      assertThat(((Task) Method.GET.call(client, async)).getId()).isEqualTo(7L);
    }

    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7");
    Wire.assertRestCall(Wire.take(server), "GET", "/v2/rest/tasks/7");
    assertThat(recorder.events)
        .filteredOn(line -> line.startsWith("  end"))
        .containsExactly("  end SUCCESS 200");
  }

  @Test
  void aRedirectFromHttpsToHttpIsNeverFollowed() {
    HeldCertificate localhost =
        new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
    HandshakeCertificates serverCertificates =
        new HandshakeCertificates.Builder().heldCertificate(localhost).build();
    HandshakeCertificates clientCertificates =
        new HandshakeCertificates.Builder().addTrustedCertificate(localhost.certificate()).build();
    server.useHttps(serverCertificates.sslSocketFactory());
    server.enqueue(
        new MockResponse.Builder()
            .code(302)
            .setHeader("Location", elsewhere.url("/rest/tasks/7").toString())
            .build());
    OkHttpClient users =
        new OkHttpClient.Builder()
            .sslSocketFactory(
                clientCertificates.sslSocketFactory(), clientCertificates.trustManager())
            .followSslRedirects(true)
            .build();
    assertThat(server.url("/").isHttps()).isTrue();

    try (TasksClient client = builder().okHttpClient(users).build()) {
      assertThatThrownBy(() -> client.getTask(7))
          .isInstanceOf(UnexpectedStatusCodeException.class)
          .hasMessageStartingWith(
              "GET /rest/tasks/7 answered 302 (a redirect to " + elsewhere.url("/rest/tasks/7"));
    }

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(elsewhere.getRequestCount()).isZero();
  }

  @Test
  void theUsersAuthenticatorIsNeverAskedAfterA401() throws InterruptedException {
    List<String> asked = Collections.synchronizedList(new ArrayList<>());
    OkHttpClient users =
        new OkHttpClient.Builder()
            .authenticator(
                (route, response) -> {
                  asked.add(response.request().url().encodedPath());
                  return response
                      .request()
                      .newBuilder()
                      .header("Authorization", "Bearer other")
                      .build();
                })
            .build();
    server.enqueue(json(401, "{\"error\":{\"message\":\"bad token\"}}"));
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = builder().okHttpClient(users).build()) {
      assertThatThrownBy(() -> client.getTask(7)).isInstanceOf(AuthenticationException.class);
    }

    assertThat(asked).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7");
  }

  @Test
  void theUsersOkHttpClientKeepsItsOwnSettings() {
    OkHttpClient users = new OkHttpClient();
    try (TasksClient client = builder().okHttpClient(users).build()) {
      OkHttpClient sdk = client.core().httpClient;
      Function<OkHttpClient, List<Object>> settings =
          http ->
              List.of(
                  http.retryOnConnectionFailure(),
                  http.followRedirects(),
                  http.followSslRedirects(),
                  http.authenticator(),
                  http.networkInterceptors().size());
      assertThat(settings.apply(sdk))
          .containsExactly(false, true, false, okhttp3.Authenticator.NONE, 1);
      assertThat(settings.apply(users))
          .containsExactly(true, true, true, okhttp3.Authenticator.NONE, 0);
    }
  }
}
