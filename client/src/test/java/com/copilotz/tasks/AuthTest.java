package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.InvalidResponseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class AuthTest {
  static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

  @StartStop final MockWebServer server = Wire.server();
  final MutableClock clock = new MutableClock(T0);

  TasksClient credentialsClient() {
    return TasksClient.builder()
        .baseUrl(server.url("/").toString())
        .credentials("alice", "s3cret-password", "acme")
        .maxRetries(0)
        .clock(clock)
        .build();
  }

  static MockResponse login(String token, Instant expiresAt) {
    return json("{\"accessToken\":\"" + token + "\",\"expiresAt\":\"" + expiresAt + "\"}");
  }

  static void assertLogin(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/api/auth/login");
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("User-Agent")).startsWith("copilotz-tasks-java/");
    assertThat(request.getBody().utf8())
        .isEqualTo(
            "{\"username\":\"alice\",\"password\":\"s3cret-password\",\"namespace\":\"acme\"}");
  }

  static void assertBearer(RecordedRequest request, String token) {
    assertThat(request.getTarget()).startsWith("/rest/");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + token);
  }

  @Test
  void credentialsLogInOnceAndReuseTheToken() throws Exception {
    server.enqueue(login("tk_1", T0.plus(Duration.ofHours(1))));
    server.enqueue(json(TASK_JSON));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = credentialsClient()) {
      client.getTask(7);
      clock.advance(Duration.ofMinutes(58));
      client.getTask(7);
    }

    assertLogin(take(server));
    assertBearer(take(server), "tk_1");
    assertBearer(take(server), "tk_1");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void credentialsLogInAgainShortlyBeforeExpiry() throws Exception {
    server.enqueue(login("tk_1", T0.plus(Duration.ofHours(1))));
    server.enqueue(json(TASK_JSON));
    server.enqueue(login("tk_2", T0.plus(Duration.ofHours(2))));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = credentialsClient()) {
      client.getTask(7);
      clock.advance(Duration.ofMinutes(59).plusSeconds(1));
      client.getTask(7);
    }

    assertLogin(take(server));
    assertBearer(take(server), "tk_1");
    assertLogin(take(server));
    assertBearer(take(server), "tk_2");
  }

  @Test
  void aShortLivedTokenIsRefreshedHalfwayThroughItsLife() throws Exception {
    server.enqueue(login("tk_1", T0.plusSeconds(40)));
    server.enqueue(json(TASK_JSON));
    server.enqueue(json(TASK_JSON));
    server.enqueue(login("tk_2", T0.plusSeconds(100)));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = credentialsClient()) {
      client.getTask(7);
      clock.advance(Duration.ofSeconds(19));
      client.getTask(7);
      clock.advance(Duration.ofSeconds(1));
      client.getTask(7);
    }

    assertLogin(take(server));
    assertBearer(take(server), "tk_1");
    assertBearer(take(server), "tk_1");
    assertLogin(take(server));
    assertBearer(take(server), "tk_2");
  }

  @Test
  void a401RefreshesOnceAndRepeatsTheCallOnce() throws Exception {
    server.enqueue(login("tk_1", T0.plus(Duration.ofHours(1))));
    server.enqueue(json(401, "{\"error\":{\"message\":\"token revoked\"}}"));
    server.enqueue(login("tk_2", T0.plus(Duration.ofHours(1))));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = credentialsClient()) {
      assertThat(client.getTask(7).getId()).isEqualTo(7L);
    }

    assertLogin(take(server));
    assertBearer(take(server), "tk_1");
    assertLogin(take(server));
    assertBearer(take(server), "tk_2");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void aSecond401IsAnAuthenticationException() throws Exception {
    server.enqueue(login("tk_1", T0.plus(Duration.ofHours(1))));
    server.enqueue(json(401, "{\"error\":{\"message\":\"nope\"}}"));
    server.enqueue(login("tk_2", T0.plus(Duration.ofHours(1))));
    server.enqueue(json(401, "{\"error\":{\"message\":\"still nope\"}}"));
    try (TasksClient client = credentialsClient()) {
      assertThatThrownBy(() -> client.getTask(7))
          .isInstanceOf(AuthenticationException.class)
          .hasMessage("GET /rest/tasks/7 answered 401: still nope");
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void wrongCredentialsFailFastWithoutALoop() throws Exception {
    server.enqueue(json(401, "{\"error\":{\"message\":\"Invalid credentials\"}}"));
    try (TasksClient client = credentialsClient()) {
      assertThatThrownBy(() -> client.getTask(7))
          .isInstanceOf(AuthenticationException.class)
          .hasMessage("POST /api/auth/login answered 401: Invalid credentials");
    }
    assertLogin(take(server));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aLoginAnswerWithoutATokenIsAnInvalidResponse() {
    server.enqueue(json("{\"expiresAt\":\"2026-11-25T13:00:00Z\"}"));
    try (TasksClient client = credentialsClient()) {
      assertThatThrownBy(() -> client.getTask(7))
          .isInstanceOf(InvalidResponseException.class)
          .hasMessageContaining("without an accessToken");
    }
  }

  @Test
  void aTokenWithoutExpiryIsKeptUntilRejected() throws Exception {
    server.enqueue(json("{\"accessToken\":\"tk_forever\"}"));
    server.enqueue(json(TASK_JSON));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = credentialsClient()) {
      client.getTask(7);
      clock.advance(Duration.ofDays(30));
      client.getTask(7);
    }
    assertLogin(take(server));
    assertBearer(take(server), "tk_forever");
    assertBearer(take(server), "tk_forever");
  }

  @Test
  void concurrentCallersShareOneLogin() throws Exception {
    AtomicInteger logins = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getTarget().equals("/api/auth/login")) {
              logins.incrementAndGet();
              return login("tk_shared", T0.plus(Duration.ofHours(1)))
                  .newBuilder()
                  .headersDelay(300, TimeUnit.MILLISECONDS)
                  .build();
            }
            return "Bearer tk_shared".equals(request.getHeaders().get("Authorization"))
                ? json(TASK_JSON)
                : json(401, "{}");
          }
        });
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (TasksClient client = credentialsClient()) {
      List<Callable<Long>> calls = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        calls.add(() -> client.getTask(7).getId());
      }
      for (Future<Long> result : pool.invokeAll(calls)) {
        assertThat(result.get()).isEqualTo(7L);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(logins).hasValue(1);
    assertThat(server.getRequestCount()).isEqualTo(threads + 1);
  }

  @Test
  void aStaticTokenIsNotRetriedOn401() throws Exception {
    server.enqueue(json(401, "{\"error\":{\"message\":\"expired\"}}"));
    try (TasksClient client = Wire.client(server)) {
      assertThatThrownBy(() -> client.getTask(7)).isInstanceOf(AuthenticationException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aTokenProviderIsAskedEveryCallAndToldOfA401() throws Exception {
    AtomicInteger generation = new AtomicInteger(1);
    List<String> rejected = new ArrayList<>();
    TokenProvider provider =
        new TokenProvider() {
          @Override
          public String token() {
            return "tk_gen" + generation.get();
          }

          @Override
          public boolean refresh(String rejectedToken) {
            rejected.add(rejectedToken);
            generation.incrementAndGet();
            return true;
          }
        };
    server.enqueue(json(TASK_JSON));
    server.enqueue(json(401, "{}"));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client =
        TasksClient.builder().baseUrl(server.url("/").toString()).tokenProvider(provider).build()) {
      client.getTask(1);
      client.getTask(2);
    }
    assertBearer(take(server), "tk_gen1");
    assertBearer(take(server), "tk_gen1");
    assertBearer(take(server), "tk_gen2");
    assertThat(rejected).containsExactly("tk_gen1");
  }

  @Test
  void aFailingTokenProviderFailsTheCallWithItsOwnException() {
    CopilotzException vaultDown = new CopilotzException("vault unreachable", null);
    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .tokenProvider(
                () -> {
                  throw vaultDown;
                })
            .build()) {
      assertThatThrownBy(() -> client.getTask(1)).isSameAs(vaultDown);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aTokenProviderReturningNothingFailsTheCall() {
    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .tokenProvider(() -> " ")
            .build()) {
      assertThatThrownBy(() -> client.getTask(1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("The TokenProvider returned no token");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void thePasswordAndTokenNeverShowInToString() {
    server.enqueue(login("tk_secret_value", T0.plus(Duration.ofHours(1))));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = credentialsClient()) {
      client.getTask(7);
      assertThat(client.toString())
          .doesNotContain("s3cret-password")
          .doesNotContain("tk_secret_value")
          .isEqualTo("TasksClient[baseUrl=" + server.url("/") + ", auth=credentials]");
    }
  }
}
