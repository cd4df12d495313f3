package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** What a {@link TasksObserver} is told, in order, and what its headers do to the requests sent. */
class ObserverTest {
  @StartStop final MockWebServer server = Wire.server();

  /**
   * Writes every call it gets as a line, and asks for a trace header (and, in vain, an
   * Authorization).
   */
  static final class Recorder implements TasksObserver {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public Operation operationStarted(OperationStart start) {
      events.add(
          "start "
              + start.name()
              + (start.async() ? " async" : "")
              + start.taskId().stream().mapToObj(id -> " id=" + id).collect(Collectors.joining())
              + start.extId().map(extId -> " extId=" + extId).orElse(""));
      String name = start.name();
      return new Operation() {
        @Override
        public Attempt attemptStarted(AttemptStart attempt) {
          events.add(
              "  attempt "
                  + attempt.method()
                  + " "
                  + attempt.uriTemplate()
                  + " #"
                  + attempt.number()
                  + attempt.retryReason().map(reason -> " after " + reason).orElse(""));
          return new Attempt() {
            @Override
            public Map<String, String> requestHeaders() {
              return Map.of(
                  "traceparent",
                  "00-trace-" + name + "-" + attempt.number(),
                  "Authorization",
                  "Bearer evil");
            }

            @Override
            public void attemptEnded(AttemptEnd end) {
              assertThat(end.duration().isNegative()).isFalse();
              events.add(
                  "  end "
                      + end.outcome()
                      + " "
                      + end.statusCode()
                      + end.retryReason().map(reason -> " retried: " + reason).orElse("")
                      + end.failure()
                          .map(failure -> " " + failure.getClass().getSimpleName())
                          .orElse(""));
            }
          };
        }

        @Override
        public void rowsSynced(SyncReport report) {
          events.add("  rows created=" + report.created() + " failed=" + report.failed());
        }

        @Override
        public void operationEnded(Throwable failure) {
          if (failure != null) {
            failures.add(failure);
          }
          events.add(
              "end " + name + (failure == null ? "" : " " + failure.getClass().getSimpleName()));
        }
      };
    }
  }

  final Recorder recorder = new Recorder();

  TasksClient client(int maxRetries) {
    return TasksClient.builder()
        .baseUrl(server.url("/").toString())
        .accessToken(Wire.TOKEN)
        .maxRetries(maxRetries)
        .sleeper(wait -> {})
        .observer(recorder)
        .build();
  }

  @Test
  void aGetIsOneOperationOfOneAttemptAndCarriesTheObserversHeaderButNotItsAuthorization()
      throws Exception {
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = client(0)) {
      assertThat(client.getTask(7).getId()).isEqualTo(7L);
    }

    assertThat(recorder.events)
        .containsExactly(
            "start getTask id=7",
            "  attempt GET /rest/tasks/{id} #1",
            "  end SUCCESS 200",
            "end getTask");
    RecordedRequest request = Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7");
    assertThat(request.getHeaders().get("traceparent")).isEqualTo("00-trace-getTask-1");
  }

  @Test
  void aRetriedCallIsOneAttemptPerTryEachWithItsOwnHeader() throws Exception {
    server.enqueue(json(503, "{\"error\":{\"message\":\"busy\"}}"));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = client(2)) {
      client.getTask(7);
    }

    assertThat(recorder.events)
        .containsExactly(
            "start getTask id=7",
            "  attempt GET /rest/tasks/{id} #1",
            "  end SERVER_ERROR 503 retried: HTTP 503 InternalServerException",
            "  attempt GET /rest/tasks/{id} #2 after HTTP 503",
            "  end SUCCESS 200",
            "end getTask");
    assertThat(Wire.take(server).getHeaders().get("traceparent")).isEqualTo("00-trace-getTask-1");
    assertThat(Wire.take(server).getHeaders().get("traceparent")).isEqualTo("00-trace-getTask-2");
  }

  @Test
  void theServersNotFoundEndsTheAttemptAndTheOperationWithTheException() {
    server.enqueue(Wire.empty(200));
    try (TasksClient client = client(0)) {
      assertThatThrownBy(() -> client.getTask(404)).isInstanceOf(NotFoundException.class);
    }

    assertThat(recorder.events)
        .containsExactly(
            "start getTask id=404",
            "  attempt GET /rest/tasks/{id} #1",
            "  end NOT_FOUND 200 NotFoundException",
            "end getTask NotFoundException");
  }

  @Test
  void aCutConnectionIsAnIoErrorWithoutStatus() {
    server.enqueue(
        new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    try (TasksClient client = client(0)) {
      assertThatThrownBy(() -> client.deleteTask(7)).isInstanceOf(CopilotzIOException.class);
    }

    assertThat(recorder.events)
        .containsExactly(
            "start deleteTask id=7",
            "  attempt DELETE /rest/tasks/{id} #1",
            "  end IO_ERROR 0 CopilotzIOException",
            "end deleteTask CopilotzIOException");
  }

  @Test
  void anAdvanceIsOneOperationOfThreeAttempts() {
    server.enqueue(json(TASK_JSON));
    server.enqueue(json("{\"_id\":1,\"name\":\"Triage\",\"next\":3}"));
    server.enqueue(json(TASK_JSON.replace("\"currentStep\":1", "\"currentStep\":3")));
    try (TasksClient client = client(0)) {
      assertThat(client.advance(7).getCurrentStep()).isEqualTo(3L);
    }

    assertThat(recorder.events)
        .containsExactly(
            "start advance id=7",
            "  attempt GET /rest/tasks/{id} #1",
            "  end SUCCESS 200",
            "  attempt GET /rest/steps/{id} #1",
            "  end SUCCESS 200",
            "  attempt PUT /rest/tasks/{id} #1",
            "  end SUCCESS 200",
            "end advance");
  }

  @Test
  void anAsyncOperationIsEndedBeforeItsFutureCompletes() throws Exception {
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = client(0)) {
      client.async().getTask(7).get(60, TimeUnit.SECONDS);
      assertThat(recorder.events)
          .containsExactly(
              "start getTask async id=7",
              "  attempt GET /rest/tasks/{id} #1",
              "  end SUCCESS 200",
              "end getTask");
    }
  }

  @Test
  void aCancelledAsyncOperationEndsAsCancelled() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    try (TasksClient client = client(0)) {
      var future = client.async().getTask(7);
      Wire.take(server);
      future.cancel(true);
      assertThat(recorder.events)
          .startsWith("start getTask async id=7", "  attempt GET /rest/tasks/{id} #1")
          .contains("end getTask CancellationException");
    }
  }

  @Test
  void aListingEndsWhenItsStreamIsClosed() {
    server.enqueue(json("{\"data\":[" + Wire.task(1, "A") + "," + Wire.task(2, "B") + "]}"));
    try (TasksClient client = client(0)) {
      try (Stream<?> tasks = client.listTasks(TaskQuery.builder().build())) {
        assertThat(tasks.limit(1).count()).isEqualTo(1);
        assertThat(recorder.events).doesNotContain("end listTasks");
      }
    }

    assertThat(recorder.events)
        .containsExactly(
            "start listTasks",
            "  attempt GET /rest/tasks #1",
            "  end SUCCESS 200",
            "end listTasks");
  }

  @Test
  void aLoginIsAnOperationOfItsOwn() throws Exception {
    server.enqueue(json("{\"accessToken\":\"tk_login\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}"));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .credentials("alice", "s3cret-password", "acme")
            .maxRetries(0)
            .observer(recorder)
            .build()) {
      client.getTask(7);
    }

    assertThat(recorder.events)
        .containsExactly(
            "start getTask id=7",
            "  attempt GET /rest/tasks/{id} #1",
            "start login",
            "  attempt POST /api/auth/login #1",
            "  end SUCCESS 200",
            "end login",
            "  end SUCCESS 200",
            "end getTask");
    assertThat(Wire.take(server).getHeaders().get("traceparent")).isEqualTo("00-trace-login-1");
    assertThat(Wire.take(server).getHeaders().get("Authorization")).isEqualTo("Bearer tk_login");
  }

  @Test
  void anUpsertNamesItsExtId() {
    server.enqueue(json("{\"data\":[]}"));
    server.enqueue(json(Wire.task(9, "CRM-9")));
    try (TasksClient client = client(0)) {
      client.upsertByExtId(
          new com.copilotz.tasks.model.CreateTaskRequest()
              .extId("CRM-9")
              .status(com.copilotz.tasks.model.TaskStatus.ACTIVE)
              .name("n")
              .description("d"));
    }

    assertThat(recorder.events)
        .containsExactly(
            "start upsertByExtId extId=CRM-9",
            "  attempt GET /rest/tasks #1",
            "  end SUCCESS 200",
            "  attempt POST /rest/tasks #1",
            "  end SUCCESS 200",
            "end upsertByExtId");
  }

  @Test
  void anObserverThatThrowsChangesNothing() throws Exception {
    TasksObserver failing =
        start -> {
          throw new IllegalStateException("observer bug");
        };
    TasksObserver failingLater =
        start ->
            new TasksObserver.Operation() {
              @Override
              public TasksObserver.Attempt attemptStarted(TasksObserver.AttemptStart attempt) {
                return new TasksObserver.Attempt() {
                  @Override
                  public Map<String, String> requestHeaders() {
                    throw new IllegalStateException("observer bug");
                  }

                  @Override
                  public void attemptEnded(TasksObserver.AttemptEnd end) {
                    throw new IllegalStateException("observer bug");
                  }
                };
              }

              @Override
              public void operationEnded(Throwable failure) {
                throw new IllegalStateException("observer bug");
              }
            };
    for (TasksObserver observer : List.of(failing, failingLater)) {
      server.enqueue(json(TASK_JSON));
      try (TasksClient client =
          TasksClient.builder()
              .baseUrl(server.url("/").toString())
              .accessToken(Wire.TOKEN)
              .observer(observer)
              .build()) {
        assertThat(client.getTask(7).getId()).isEqualTo(7L);
      }
      Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7");
    }
  }

  @Test
  void withoutAnObserverNoTagIsAdded() throws Exception {
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = Wire.client(server)) {
      client.getTask(7);
    }
    RecordedRequest request = Wire.take(server);
    assertThat(request.getHeaders().get("traceparent")).isNull();
  }
}
