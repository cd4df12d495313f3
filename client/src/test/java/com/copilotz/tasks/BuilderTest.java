package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.model.TaskStatus;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class BuilderTest {
  @StartStop final MockWebServer server = Wire.server();

  @Test
  void buildWithoutAuthenticationNamesTheOptions() {
    assertThatThrownBy(() -> TasksClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("accessToken(..), credentials(..) or tokenProvider(..)");
  }

  @Test
  void theDefaultBaseUrlIsCopilotz() {
    try (TasksClient client = TasksClient.builder().accessToken("tk_x").build()) {
      assertThat(client)
          .hasToString("TasksClient[baseUrl=https://copilotz.com/, auth=access token]");
    }
  }

  @Test
  void plainHttpToAnotherHostIsRefused() {
    assertThatThrownBy(
            () -> TasksClient.builder().baseUrl("http://copilotz.com").accessToken("tk_x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain http to a host that is not loopback");
    assertThatThrownBy(
            () ->
                TasksClient.builder()
                    .baseUrl("http://10.0.0.8:8080")
                    .credentials("u", "p", "n")
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void plainHttpToLoopbackIsAllowed() {
    for (String url :
        new String[] {
          "http://localhost:8080", "http://127.0.0.1", "http://[::1]:9000", "http://api.localhost"
        }) {
      TasksClient.builder().baseUrl(url).accessToken("tk_x").build().close();
    }
  }

  @Test
  void badBuilderArgumentsNameTheParameter() {
    TasksClient.Builder builder = TasksClient.builder();
    assertThatThrownBy(() -> builder.baseUrl("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> builder.baseUrl(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("baseUrl");
    assertThatThrownBy(() -> builder.accessToken(" ")).hasMessage("accessToken must not be blank");
    assertThatThrownBy(() -> builder.credentials("u", "", "n"))
        .hasMessage("password must not be blank");
    assertThatThrownBy(() -> builder.tokenProvider(null)).hasMessage("tokenProvider");
    assertThatThrownBy(() -> builder.maxRetries(-1))
        .hasMessage("maxRetries must not be negative, was -1");
    assertThatThrownBy(() -> builder.timeout(Duration.ZERO))
        .hasMessage("timeout must be positive, was PT0S");
    assertThatThrownBy(() -> builder.okHttpClient(null)).hasMessage("okHttpClient");
    assertThatThrownBy(() -> builder.objectMapper(null)).hasMessage("objectMapper");
  }

  @Test
  void theLastAuthenticationCalledWins() throws Exception {
    server.enqueue(json(TASK_JSON));
    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .credentials("u", "p", "n")
            .tokenProvider(() -> "tk_provider")
            .accessToken("tk_static")
            .build()) {
      client.getTask(7);
      assertThat(client.toString()).endsWith("auth=access token]");
    }
    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer tk_static");
  }

  @Test
  void fromEnvReadsTheBaseUrlAndToken() throws Exception {
    server.enqueue(json(TASK_JSON));
    try (TasksClient client =
        TasksClient.builder()
            .environment(
                Map.of(
                    "COPILOTZ_BASE_URL",
                    server.url("/").toString(),
                    "COPILOTZ_ACCESS_TOKEN",
                    "tk_env"))
            .build()) {
      client.getTask(7);
    }
    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer tk_env");
  }

  @Test
  void fromEnvReadsCredentials() throws Exception {
    server.enqueue(json("{\"accessToken\":\"tk_login\"}"));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client =
        TasksClient.builder()
            .environment(
                Map.of(
                    "COPILOTZ_BASE_URL", server.url("/").toString(),
                    "COPILOTZ_USERNAME", "bob",
                    "COPILOTZ_PASSWORD", "pw",
                    "COPILOTZ_NAMESPACE", "ns"))
            .build()) {
      client.getTask(7);
    }
    assertThat(take(server).getBody().utf8())
        .isEqualTo("{\"username\":\"bob\",\"password\":\"pw\",\"namespace\":\"ns\"}");
    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer tk_login");
  }

  @Test
  void fromEnvWithPartialCredentialsSaysWhatIsMissing() {
    assertThatThrownBy(() -> TasksClient.builder().environment(Map.of("COPILOTZ_USERNAME", "bob")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Set all of COPILOTZ_USERNAME, COPILOTZ_PASSWORD and COPILOTZ_NAMESPACE, or none of them");
  }

  @Test
  void fromEnvWithNothingSetFailsAtBuild() {
    assertThatThrownBy(() -> TasksClient.builder().environment(Map.of()).build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aGivenOkHttpClientIsDerivedFromAndNeverChanged() throws Exception {
    OkHttpClient mine = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(3)).build();
    server.enqueue(json(TASK_JSON));
    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken("tk_x")
            .okHttpClient(mine)
            .build()) {
      client.getTask(7);
    }
    assertThat(mine.interceptors()).isEmpty();
    assertThat(mine.retryOnConnectionFailure()).isTrue();
    assertThat(mine.readTimeoutMillis()).isEqualTo(3000);
    assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer tk_x");
  }

  @Test
  void yourInterceptorsSeeEachRequestAsTheSdkSendsIt() throws Exception {
    java.util.List<okhttp3.Request> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    OkHttpClient mine =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  seen.add(chain.request());
                  return chain.proceed(chain.request());
                })
            .build();
    server.enqueue(json(TASK_JSON));
    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken("tk_x")
            .okHttpClient(mine)
            .build()) {
      client.getTask(7, RequestOptions.builder().header("X-Correlation-Id", "c-1").build());
    }
    assertThat(seen)
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.header("Authorization")).isEqualTo("Bearer tk_x");
              assertThat(request.header("User-Agent")).startsWith("copilotz-tasks-java/");
              assertThat(request.header("X-Correlation-Id")).isEqualTo("c-1");
            });
  }

  @Test
  void aGivenObjectMapperIsCopiedAndNeverChanged() {
    ObjectMapper mine = new ObjectMapper();
    server.enqueue(json("{\"_id\":1,\"status\":\"active\",\"surprise\":true}"));
    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken("tk_x")
            .objectMapper(mine)
            .build()) {
      assertThat(client.getTask(1).getStatus()).isEqualTo(TaskStatus.ACTIVE);
    }
    assertThat(mine.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isTrue();
    assertThat(mine.getRegisteredModuleIds()).isEmpty();
  }

  @Test
  void closeStopsTheClientsOwnThreads() throws Exception {
    server.enqueue(json(TASK_JSON));
    TasksClient client =
        TasksClient.builder().baseUrl(server.url("/").toString()).accessToken("tk_x").build();
    client.getTask(7);
    assertThat(client.core().httpClient.connectionPool().idleConnectionCount()).isEqualTo(1);

    client.close();
    client.close();

    assertThat(client.core().httpClient.dispatcher().executorService().isShutdown()).isTrue();
    assertThat(client.core().httpClient.connectionPool().connectionCount()).isZero();
    assertThatThrownBy(() -> client.getTask(7)).isInstanceOf(IllegalStateException.class);
  }
}
