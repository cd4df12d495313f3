package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.CopilotzTimeoutException;
import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.errors.InvalidResponseException;
import com.copilotz.tasks.model.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestOptionsTest {
  @StartStop final MockWebServer server = Wire.server();
  final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  TasksClient client;

  @BeforeEach
  void setUp() {
    client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .sleeper(waits::add)
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  @Test
  void extraHeadersAndQueryParametersAreSent() throws Exception {
    server.enqueue(json(TASK_JSON));
    RequestOptions options =
        RequestOptions.builder()
            .header("X-Trace", "abc-1")
            .queryParameter("_populate", "workflow")
            .build();

    client.getTask(7, options);

    RecordedRequest request = take(server);
    assertThat(request.getTarget()).isEqualTo("/rest/tasks/7?_populate=workflow");
    assertThat(request.getHeaders().get("X-Trace")).isEqualTo("abc-1");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + Wire.TOKEN);
  }

  @Test
  void optionsApplyToEveryCallOfAHelper() throws Exception {
    server.enqueue(json(WorkflowHelpersTest.task(7, 2L, 1L, "active")));
    server.enqueue(json(WorkflowHelpersTest.step(1, 2L, null)));
    server.enqueue(json(TASK_JSON));

    client.advance(7, RequestOptions.builder().header("X-Job", "nightly").build());

    for (int i = 0; i < 3; i++) {
      assertThat(take(server).getHeaders().get("X-Job")).isEqualTo("nightly");
    }
  }

  @Test
  void optionsApplyToRetriesAndToTheAsyncClient() throws Exception {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(TASK_JSON));
    RequestOptions options = RequestOptions.builder().header("X-Trace", "t").build();

    client.async().getTask(7, options).get(5, TimeUnit.SECONDS);

    assertThat(take(server).getHeaders().get("X-Trace")).isEqualTo("t");
    assertThat(take(server).getHeaders().get("X-Trace")).isEqualTo("t");
  }

  @Test
  void maxRetriesPerCallReplacesTheClients() {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(503, "{}"));

    assertThatThrownBy(() -> client.getTask(7, RequestOptions.builder().maxRetries(0).build()))
        .isInstanceOf(InternalServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);

    server.enqueue(json(503, "{}"));
    server.enqueue(json(503, "{}"));
    server.enqueue(json(503, "{}"));
    server.enqueue(json(TASK_JSON));
    assertThat(client.getTask(7, RequestOptions.builder().maxRetries(5).build()).getId())
        .isEqualTo(7L);
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void aTimeoutPerCallBoundsThatCallOnly() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    // Slower than the impatient call's timeout: only the client's own 60 s applies to this one.
    server.enqueue(json(TASK_JSON).newBuilder().bodyDelay(300, TimeUnit.MILLISECONDS).build());
    RequestOptions impatient =
        RequestOptions.builder().timeout(Duration.ofMillis(150)).maxRetries(0).build();

    assertThatThrownBy(() -> client.getTask(7, impatient))
        .isInstanceOf(CopilotzTimeoutException.class);
    assertThat(client.getTask(7).getId()).isEqualTo(7L);
  }

  @Test
  void theResponseListenerSeesEachAnswerRaw() {
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("X-Request-Id", "req-1")
            .body("busy")
            .build());
    server.enqueue(json(TASK_JSON).newBuilder().setHeader("X-Request-Id", "req-2").build());
    List<RawResponse> answers = Collections.synchronizedList(new ArrayList<>());

    Task task = client.getTask(7, RequestOptions.builder().onResponse(answers::add).build());

    assertThat(answers).hasSize(2);
    assertThat(answers.get(0).statusCode()).isEqualTo(503);
    assertThat(answers.get(0).requestId()).hasValue("req-1");
    assertThat(answers.get(0).body()).isEmpty();
    assertThat(answers.get(1).statusCode()).isEqualTo(200);
    assertThat(answers.get(1).method()).isEqualTo("GET");
    assertThat(answers.get(1).path()).isEqualTo("/rest/tasks/7");
    assertThat(answers.get(1).header("content-type")).hasValue("application/json; charset=utf-8");
    assertThat(answers.get(1).requestId()).hasValue("req-2");
    assertThat(answers.get(1).body()).containsSame(task);
  }

  @Test
  void theResponseListenerIsToldOfASuccessWhoseBodyCannotBeRead() {
    server.enqueue(
        Wire.text(200, "text/html", "<html><body>Sign in</body></html>")
            .newBuilder()
            .setHeader("X-Request-Id", "req-html")
            .build());
    server.enqueue(json(TASK_JSON.replace("\"status\":\"active\"", "\"status\":")));
    List<RawResponse> answers = Collections.synchronizedList(new ArrayList<>());
    RequestOptions options = RequestOptions.builder().onResponse(answers::add).build();

    assertThatThrownBy(() -> client.getTask(7, options))
        .isInstanceOf(InvalidResponseException.class);
    assertThatThrownBy(() -> client.async().getTask(7, options).join())
        .hasCauseInstanceOf(InvalidResponseException.class);

    assertThat(answers)
        .hasSize(2)
        .allSatisfy(
            answer -> {
              assertThat(answer.statusCode()).isEqualTo(200);
              assertThat(answer.path()).isEqualTo("/rest/tasks/7");
              assertThat(answer.body()).isEmpty();
            });
    assertThat(answers.get(0).requestId()).hasValue("req-html");
    assertThat(answers.get(0).header("Content-Type")).hasValue("text/html");
  }

  @Test
  void aPopulateParameterAddedAsAnOptionIsReadToo() throws Exception {
    server.enqueue(
        json(TASK_JSON.replace("\"workflow\":2", "\"workflow\":{\"_id\":2,\"name\":\"Support\"}")));

    Task task =
        client.getTask(7, RequestOptions.builder().queryParameter("_populate", "workflow").build());

    assertThat(take(server).getTarget()).isEqualTo("/rest/tasks/7?_populate=workflow");
    assertThat(task.getWorkflow()).isEqualTo(2L);
    assertThat(task.populatedWorkflow())
        .hasValueSatisfying(w -> assertThat(w.getName()).isEqualTo("Support"));
  }

  @Test
  void aThrowingListenerDoesNotChangeTheCall() {
    server.enqueue(json(TASK_JSON));

    Task task =
        client.getTask(
            7,
            RequestOptions.builder()
                .onResponse(
                    r -> {
                      throw new IllegalStateException("listener bug");
                    })
                .build());

    assertThat(task.getId()).isEqualTo(7L);
  }

  @Test
  void apiExceptionsCarryTheRequestId() {
    server.enqueue(new MockResponse.Builder().code(500).setHeader("Request-Id", "abc").build());

    assertThatThrownBy(() -> client.getTask(7, RequestOptions.builder().maxRetries(0).build()))
        .isInstanceOfSatisfying(
            InternalServerException.class, e -> assertThat(e.requestId()).hasValue("abc"));
  }

  @Test
  void badOptionsNameTheParameter() {
    RequestOptions.Builder options = RequestOptions.builder();
    assertThatThrownBy(() -> options.header("Authorization", "Bearer x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header Authorization is set by the client and cannot be replaced");
    assertThatThrownBy(() -> options.header("Bad Name", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> options.header("X-A", null)).hasMessage("value");
    assertThatThrownBy(() -> options.queryParameter(" ", "x")).hasMessage("name must not be blank");
    assertThatThrownBy(() -> options.timeout(Duration.ZERO))
        .hasMessage("timeout must be positive, was PT0S");
    assertThatThrownBy(() -> options.maxRetries(-1))
        .hasMessage("maxRetries must not be negative, was -1");
    assertThatThrownBy(() -> options.onResponse(null)).hasMessage("listener");
    assertThatThrownBy(() -> client.getTask(7, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("options");
    assertThatThrownBy(() -> client.async().getTask(7, null)).hasMessage("options");
    assertThat(server.getRequestCount()).isZero();
  }
}
