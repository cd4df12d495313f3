package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.copilotz.tasks.errors.CopilotzTimeoutException;
import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.errors.UnconfirmedWriteException;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One rule for timeouts: {@code timeout} bounds each attempt, whichever of OkHttp's timeouts fires
 * first, and an attempt that timed out is a failure like any other (retried, or settled for a
 * write); {@code totalTimeout} bounds the whole call, measured on the client's clock. A stall here
 * never ends on its own, so only the timeout under test ends it; the waits between attempts move a
 * time clock.
 */
class TimeoutsTest {
  /** Ten times and more what an answer of the test server needs on a busy machine. */
  static final Duration ATTEMPT = Duration.ofSeconds(1);

  @StartStop final MockWebServer server = Wire.server();
  final VirtualTime time = new VirtualTime(Instant.parse("2026-12-01T10:00:00Z"));
  final MutableClock clock = time.clock;
  final List<Duration> waits = time.waits;

  TasksClient.Builder builder() {
    return TasksClient.builder()
        .baseUrl(server.url("/").toString())
        .accessToken(Wire.TOKEN)
        .clock(clock)
        .sleeper(time);
  }

  static MockResponse neverAnswered() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
  }

  /**
   * The same slow server gets the same number of attempts whichever timeout fires first: the
   * attempt's whole-call timeout (a read timeout longer than it), or a read timeout (shorter).
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aSlowServerGetsOneAttemptPerRetryWhicheverTimeoutFires(boolean readTimeoutFirst) {
    for (int i = 0; i < 3; i++) {
      server.enqueue(neverAnswered());
    }
    TasksClient.Builder builder = builder().maxRetries(2).timeout(ATTEMPT);
    builder.readTimeout(readTimeoutFirst ? ATTEMPT.dividedBy(2) : ATTEMPT.multipliedBy(10));

    Throwable failure;
    try (TasksClient client = builder.build()) {
      failure = catchThrowable(() -> client.getTask(7));
    }

    assertThat(failure)
        .isInstanceOf(CopilotzTimeoutException.class)
        .hasMessage("GET /rest/tasks/7 timed out (after 3 attempts)");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(waits).hasSize(2);
  }

  @Test
  void aCreateThatTimedOutIsLookedUpBeforeItIsSentAgain() throws InterruptedException {
    server.enqueue(neverAnswered());
    server.enqueue(json("{\"data\":[" + TASK_JSON + "]}"));

    Task created;
    try (TasksClient client = builder().maxRetries(2).timeout(ATTEMPT).build()) {
      created = client.createTask(row());
    }

    assertThat(created.getId()).isEqualTo(7L);
    Wire.assertRestCall(Wire.take(server), "POST", "/rest/tasks");
    Wire.assertRestCall(
        Wire.take(server), "GET", "/rest/tasks?extId=SUPPORT_56789&limit=100&offset=0");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aCreateThatTimedOutAndCannotBeToldSaysTheTaskMayExistAndHowToFindIt() {
    server.enqueue(neverAnswered());
    server.enqueue(neverAnswered());

    Throwable failure;
    try (TasksClient client = builder().maxRetries(0).timeout(ATTEMPT).build()) {
      failure = catchThrowable(() -> client.createTask(row()));
    }

    assertThat(failure)
        .isInstanceOf(UnconfirmedWriteException.class)
        .hasMessageStartingWith(
            "The create of a task with extId \"SUPPORT_56789\" could not be confirmed (reading it"
                + " back failed), and was not sent again: the task may have been created;"
                + " findByExtId(\"SUPPORT_56789\") finds it.")
        .hasCauseInstanceOf(CopilotzTimeoutException.class);
    assertThat(failure.getSuppressed())
        .singleElement()
        .isInstanceOf(CopilotzTimeoutException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void theTotalTimeoutBoundsTheAttemptsAndTheWaitsOnTheClientsClock() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(
          json(503, "{\"error\":{\"message\":\"busy\"}}")
              .newBuilder()
              .setHeader("Retry-After", "2")
              .build());
    }

    Throwable failure;
    try (TasksClient client =
        builder().maxRetries(10).totalTimeout(Duration.ofSeconds(5)).build()) {
      failure = catchThrowable(() -> client.getTask(7));
    }

    // Attempts at 0 s, 2 s and 4 s; a fourth at 6 s would end after the total timeout.
    assertThat(failure)
        .isInstanceOf(InternalServerException.class)
        .hasMessage("GET /rest/tasks/7 answered 503: busy (after 3 attempts)");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  @Test
  void aCallsOwnTotalTimeoutWinsOverTheClients() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          json(503, "{\"error\":{\"message\":\"busy\"}}")
              .newBuilder()
              .setHeader("Retry-After", "2")
              .build());
    }
    server.enqueue(json(TASK_JSON));

    try (TasksClient client =
        builder().maxRetries(10).totalTimeout(Duration.ofSeconds(1)).build()) {
      Task task =
          client.getTask(7, RequestOptions.builder().totalTimeout(Duration.ofSeconds(7)).build());
      assertThat(task.getId()).isEqualTo(7L);
    }

    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  static CreateTaskRequest row() {
    return new CreateTaskRequest()
        .extId("SUPPORT_56789")
        .status(TaskStatus.ACTIVE)
        .name("Resolve Customer Issue")
        .description("Task to resolve a customer support issue.");
  }
}
