package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.internal.api.AuthApi;
import com.copilotz.tasks.internal.api.TasksApi;
import com.copilotz.tasks.internal.api.WorkflowsApi;
import com.copilotz.tasks.internal.http.SdkVersion;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import retrofit2.http.Headers;

/**
 * Retrofit builds each request whole (the interfaces declare the SDK's {@code User-Agent} and
 * {@code Accept}, and the known token's header is passed in), so the SDK's interceptor sends it as
 * it is; it copies the request only when something must change.
 */
class RequestShapeTest {
  @StartStop final MockWebServer server = Wire.server();

  /**
   * Whether each request reached the user's interceptor as the call's own request (true) or a copy.
   */
  final List<Boolean> sentAsBuilt = new CopyOnWriteArrayList<>();

  TasksClient.Builder client() {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  sentAsBuilt.add(chain.request() == chain.call().request());
                  return chain.proceed(chain.request());
                })
            .build();
    return TasksClient.builder()
        .baseUrl(server.url("/").toString())
        .okHttpClient(http)
        .maxRetries(0);
  }

  @Test
  void theInterfacesDeclareTheSdksUserAgentAndAccept() {
    for (Class<?> api : List.of(TasksApi.class, WorkflowsApi.class, AuthApi.class)) {
      for (Method method : api.getDeclaredMethods()) {
        assertThat(method.getAnnotation(Headers.class)).as(method.toString()).isNotNull();
        assertThat(method.getAnnotation(Headers.class).value())
            .as(method.toString())
            .contains("User-Agent: " + SdkVersion.USER_AGENT, "Accept: application/json");
      }
    }
  }

  @Test
  void withAStaticTokenTheRequestIsSentAsRetrofitBuiltIt() throws Exception {
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = client().accessToken(Wire.TOKEN).build()) {
      client.getTask(7);
    }

    assertThat(sentAsBuilt).containsExactly(true);
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7");
  }

  @Test
  void aProviderOfTheUsersIsAskedAtSendTimeAndItsTokenSetOnACopy() throws Exception {
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = client().tokenProvider(() -> Wire.TOKEN).build()) {
      client.getTask(7);
    }

    assertThat(sentAsBuilt).containsExactly(false);
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7");
  }

  @Test
  void credentialsSendTheCachedTokenAsBuiltOnceLoggedIn() throws Exception {
    server.enqueue(
        json("{\"accessToken\":\"" + Wire.TOKEN + "\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}"));
    server.enqueue(json(TASK_JSON));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = client().credentials("alice", "s3cret-password", "acme").build()) {
      client.getTask(7);
      client.getTask(7);
    }

    // The login (sent as built: it has no token), the first call (built before the login, so copied
    // with
    // the token), the second (built with the cached token).
    assertThat(sentAsBuilt).containsExactly(true, false, true);
    assertThat(Wire.take(server).getTarget()).isEqualTo("/api/auth/login");
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7");
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7");
  }

  @Test
  void aCreateWithoutAStatusIsCreatedActiveAsTheAgentCreatesOne() throws InterruptedException {
    server.enqueue(Wire.json(Wire.TASK_JSON));

    try (TasksClient client = Wire.client(server)) {
      client.createTask(
          new com.copilotz.tasks.model.CreateTaskRequest().extId("E1").name("n").description("d"));
    }

    Wire.assertJsonBody(
        Wire.assertRestCall(Wire.take(server), "POST", "/rest/tasks"),
        "{\"extId\":\"E1\",\"status\":\"active\",\"name\":\"n\",\"description\":\"d\"}");
  }
}
