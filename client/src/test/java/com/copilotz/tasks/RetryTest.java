package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.BadRequestException;
import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.internal.http.RetryPolicy;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {
  @StartStop final MockWebServer server = Wire.server();
  final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

  TasksClient client(int maxRetries) {
    return TasksClient.builder()
        .baseUrl(server.url("/").toString())
        .accessToken(Wire.TOKEN)
        .maxRetries(maxRetries)
        .sleeper(waits::add)
        .build();
  }

  static CreateTaskRequest create() {
    return new CreateTaskRequest().extId("E1").status(TaskStatus.ACTIVE).name("n").description("d");
  }

  static MockResponse resetAfterRequest() {
    return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void aGetIsRetriedAfterATransientStatus(int status) {
    server.enqueue(json(status, "{\"error\":{\"message\":\"busy\"}}"));
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = client(2)) {
      assertThat(client.getTask(7).getId()).isEqualTo(7L);
    }

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(waits)
        .singleElement()
        .satisfies(
            wait -> assertThat(wait).isBetween(Duration.ofMillis(375), Duration.ofMillis(500)));
  }

  @Test
  void exhaustedRetriesRaiseTheLastAnswer() {
    server.enqueue(json(500, "{\"error\":{\"message\":\"first\"}}"));
    server.enqueue(json(502, "{\"error\":{\"message\":\"second\"}}"));
    server.enqueue(json(504, "{\"error\":{\"message\":\"third\"}}"));

    try (TasksClient client = client(2)) {
      assertThatThrownBy(() -> client.getTask(7))
          .isInstanceOf(InternalServerException.class)
          .hasMessage("GET /rest/tasks/7 answered 504: third (after 3 attempts)");
    }

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(waits).hasSize(2);
    assertThat(waits.get(0)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
    assertThat(waits.get(1)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
  }

  @Test
  void anUpdateIsReadBeforeItIsSentAgainAndADeleteIsRetried() throws InterruptedException {
    server.enqueue(json(503, "{}"));
    server.enqueue(Wire.dated(TASK_JSON)); // untouched since: the update was not applied
    server.enqueue(json(TASK_JSON));
    server.enqueue(json(500, "{}"));
    server.enqueue(json("{\"_id\":7,\"deleted\":true}"));

    try (TasksClient client = client(2)) {
      client.updateTask(7, new UpdateTaskRequest().name("x"));
      client.deleteTask(7);
    }

    assertThat(Wire.take(server).getMethod()).isEqualTo("PUT");
    assertThat(Wire.take(server).getMethod()).isEqualTo("GET");
    assertThat(Wire.take(server).getMethod()).isEqualTo("PUT");
    assertThat(Wire.take(server).getMethod()).isEqualTo("DELETE");
    assertThat(Wire.take(server).getMethod()).isEqualTo("DELETE");
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void retryAfterInSecondsIsWaited() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3").build());
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = client(2)) {
      client.getTask(7);
    }

    assertThat(waits).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void anAbsurdRetryAfterIsCapped() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "86400").build());
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = client(2)) {
      client.getTask(7);
    }

    assertThat(waits).containsExactly(RetryPolicy.DEFAULT_MAX_RETRY_AFTER);
  }

  @Test
  void exhaustedRateLimitsRaiseRateLimitException() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build());
    }

    try (TasksClient client = client(2)) {
      assertThatThrownBy(() -> client.getTask(7))
          .isInstanceOfSatisfying(
              RateLimitException.class,
              e -> assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(1)));
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 422})
  void clientErrorsAreNotRetried(int status) {
    server.enqueue(json(status, "{}"));

    try (TasksClient client = client(2)) {
      assertThatThrownBy(() -> client.getTask(7))
          .isInstanceOf(com.copilotz.tasks.errors.CopilotzApiException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void anEmptyBodyNotFoundIsNotRetried() {
    server.enqueue(Wire.empty(200));

    try (TasksClient client = client(2)) {
      assertThatThrownBy(() -> client.getTask(7)).isInstanceOf(NotFoundException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void zeroRetriesDisablesRetrying() {
    server.enqueue(json(503, "{}"));

    try (TasksClient client = client(0)) {
      assertThatThrownBy(() -> client.getTask(7)).isInstanceOf(InternalServerException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aGetIsRetriedAfterTheConnectionDrops() {
    server.enqueue(resetAfterRequest());
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = client(2)) {
      assertThat(client.getTask(7).getId()).isEqualTo(7L);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aCreateIsNotRetriedAfterTheServersValidationError() {
    server.enqueue(
        json(500, "{\"error\":{\"message\":\"NOT NULL constraint failed: tasks.name\"}}"));

    try (TasksClient client = client(2)) {
      assertThatThrownBy(() -> client.createTask(create()))
          .isInstanceOf(InternalServerException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aCreateIsLookedUpNotSentAgainAfterTheConnectionDropsOnceSent() throws Exception {
    server.enqueue(resetAfterRequest());
    server.enqueue(
        json(
            "{\"data\":[{\"_id\":70,\"extId\":\"E1\",\"status\":\"active\",\"name\":\"n\",\"description\":\"d\"}]}"));

    try (TasksClient client = client(2)) {
      assertThat(client.createTask(create()).getId()).isEqualTo(70L);
    }
    assertThat(Wire.take(server).getMethod()).isEqualTo("POST");
    assertThat(Wire.take(server).getTarget()).isEqualTo("/rest/tasks?extId=E1&limit=100&offset=0");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(waits).hasSize(1);
  }

  @Test
  void aCreateIsRetriedAfterARateLimit() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "2").build());
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = client(2)) {
      assertThat(client.createTask(create()).getId()).isEqualTo(7L);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void aCreateIsRetriedWhenTheConnectionWasRefused() {
    try (TasksClient client =
        TasksClient.builder()
            .baseUrl("http://127.0.0.1:1")
            .accessToken(Wire.TOKEN)
            .maxRetries(2)
            .sleeper(waits::add)
            .build()) {
      assertThatThrownBy(() -> client.createTask(create())).isInstanceOf(CopilotzIOException.class);
    }
    assertThat(waits).hasSize(2);
  }

  @Test
  void a401IsNotRetriedByTheRetryLoop() {
    server.enqueue(json(401, "{}"));

    try (TasksClient client = client(2)) {
      assertThatThrownBy(() -> client.getTask(7)).isInstanceOf(AuthenticationException.class);
    }
    assertThat(waits).isEmpty();
  }

  @Test
  void anInterruptedWaitStopsRetryingAndKeepsTheInterrupt() {
    server.enqueue(json(503, "{}"));
    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .sleeper(
                duration -> {
                  throw new InterruptedException();
                })
            .build()) {
      assertThatThrownBy(() -> client.getTask(7))
          .isInstanceOf(CopilotzIOException.class)
          .hasMessage("GET /rest/tasks/7 was interrupted while waiting to retry");
      assertThat(Thread.interrupted()).isTrue();
    }
  }

  @Test
  void backoffDoublesFromHalfASecondUpToEightLessUpToAQuarter() {
    long[] ceilings = {500, 1000, 2000, 4000, 8000, 8000, 8000};
    for (int retry = 1; retry <= ceilings.length; retry++) {
      for (int sample = 0; sample < 50; sample++) {
        long millis = RetryPolicy.backoff(retry).toMillis();
        assertThat(millis).isBetween(ceilings[retry - 1] * 3 / 4, ceilings[retry - 1]);
      }
    }
    assertThat(RetryPolicy.backoff(64).toMillis()).isLessThanOrEqualTo(8000);
  }

  @Test
  void badRequestIsNeverRetriedEvenForAnIdempotentPut() {
    server.enqueue(json(400, "{}"));

    try (TasksClient client = client(2)) {
      assertThatThrownBy(() -> client.updateTask(7, new UpdateTaskRequest().name("x")))
          .isInstanceOf(BadRequestException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
