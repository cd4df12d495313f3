package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.WaitFailedException;
import com.copilotz.tasks.errors.WaitTimeoutException;
import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Waiting for a task: what is read and when, what ends the wait, and how it fails, on a clock that
 * moves only with the waits.
 */
class AwaitTest {
  @StartStop final MockWebServer server = Wire.server();
  final VirtualTime time = new VirtualTime(Instant.parse("2026-12-01T00:00:00Z"));
  final MutableClock clock = time.clock;
  final List<Duration> waits = time.waits;

  TasksClient client;

  @BeforeEach
  void open() {
    client = client(time);
  }

  TasksClient client(Sleeper sleeper) {
    return TasksClient.builder()
        .baseUrl(server.url("/").toString())
        .accessToken(Wire.TOKEN)
        .sleeper(sleeper)
        .clock(clock)
        .build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  static String task(long step, String status, String updatedAt) {
    return "{\"_id\":7,\"extId\":\"E-7\",\"workflow\":2,\"currentStep\":"
        + step
        + ",\"status\":\""
        + status
        + "\",\"name\":\"n\",\"description\":\"d\",\"updatedAt\":\""
        + updatedAt
        + "\"}";
  }

  static final String T1 = "2026-12-01T00:00:00.000Z";
  static final String T2 = "2026-12-01T00:00:03.000Z";

  @Test
  void readsUntilTheTaskIsCompletedBackingOffWhileItDoesNotChange() throws Exception {
    server.enqueue(json(task(1, "active", T1)));
    server.enqueue(json(task(1, "active", T1)));
    server.enqueue(json(task(1, "active", T1)));
    server.enqueue(json(task(2, "active", T2)));
    server.enqueue(json(task(2, "completed", T2)));

    Task done = client.awaitTask(7, Until.completed());

    assertThat(done.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    for (int i = 0; i < 5; i++) {
      Wire.assertNoBody(Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7"));
    }
    assertThat(server.getRequestCount()).isEqualTo(5);
    // 1 s after the first read, then half as long again while the task stays put, back to 1 s
    // once it moved (each less up to a fifth at random).
    assertThat(waits).hasSize(4);
    assertBetween(waits.get(0), 800, 1000);
    assertBetween(waits.get(1), 1200, 1500);
    assertBetween(waits.get(2), 1800, 2250);
    assertBetween(waits.get(3), 800, 1000);
  }

  static void assertBetween(Duration wait, long fromMillis, long toMillis) {
    assertThat(wait).isBetween(Duration.ofMillis(fromMillis), Duration.ofMillis(toMillis));
  }

  @Test
  void theIntervalGrowsNoLongerThanTheLongestInterval() {
    for (int i = 0; i < 8; i++) {
      server.enqueue(json(task(1, "active", T1)));
    }
    server.enqueue(json(task(3, "active", T2)));

    Task there =
        client.awaitTask(
            7,
            Until.step(3)
                .pollInterval(Duration.ofSeconds(2))
                .maxPollInterval(Duration.ofSeconds(5)));

    assertThat(there.getCurrentStep()).isEqualTo(3L);
    assertThat(waits).hasSize(8);
    assertBetween(waits.get(0), 1600, 2000);
    assertBetween(waits.get(1), 2400, 3000);
    assertBetween(waits.get(2), 3600, 4500);
    for (Duration wait : waits.subList(3, 8)) {
      assertBetween(wait, 4000, 5000);
    }
  }

  @Test
  void aFailureConditionEndsTheWaitWithTheTask() {
    server.enqueue(json(task(1, "active", T1)));
    server.enqueue(json(task(9, "failed", T2)));

    assertThatThrownBy(() -> client.awaitTask(7, Until.completed()))
        .isInstanceOfSatisfying(
            WaitFailedException.class,
            e -> {
              assertThat(e.task().getCurrentStep()).isEqualTo(9L);
              assertThat(e)
                  .hasMessage(
                      "Task 7 reached step 9 (failed), which ends the wait as a failure (waited for"
                          + " status completed; fails on status failed or cancelled)");
            });
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aFailedWaitSaysWhatTheAgentRecordedAboutTheFailure() {
    // As the agent's taskManager records a failed submit: context.steps[<step>] and context.state.
    String failed =
        task(9, "failed", T2)
            .replace(
                "\"updatedAt\"",
                "\"context\":{\"steps\":{"
                    + "\"Gather\":{\"args\":{},\"results\":{\"email\":\"a@b.c\"},"
                    + "\"updatedAt\":\"2026-12-01T00:00:01.000Z\"},"
                    + "\"Confirm\":{\"args\":{},\"results\":{\"error\":\"mailbox full\"},"
                    + "\"updatedAt\":\"2026-12-01T00:00:02.000Z\"}},"
                    + "\"state\":{\"email\":\"a@b.c\",\"error\":\"mailbox full\"}},\"updatedAt\"");
    server.enqueue(json(failed));

    assertThatThrownBy(() -> client.awaitTask(7, Until.completed()))
        .isInstanceOfSatisfying(
            WaitFailedException.class,
            e -> {
              assertThat(e.failure()).contains(new TaskFailure("Confirm", "mailbox full"));
              assertThat(e).hasMessageEndingWith("; recorded: at step Confirm: mailbox full");
            });
  }

  @Test
  void aTaskFailedByTheSdkSaysTheReasonItWasGiven() {
    Task failed =
        new Task()
            .id(7L)
            .status(TaskStatus.FAILED)
            .context(Map.of(TasksClient.FAILURE_REASON_KEY, "card declined"));
    Task errorObject =
        new Task()
            .id(7L)
            .context(
                Map.of(
                    "steps",
                    Map.of("Pay", Map.of("results", Map.of("error", Map.of()), "updatedAt", "x"))));

    assertThat(TaskFailure.of(failed)).contains(new TaskFailure(null, "card declined"));
    assertThat(TaskFailure.of(failed).orElseThrow()).hasToString("card declined");
    assertThat(TaskFailure.of(errorObject)).contains(new TaskFailure("Pay", "(nothing recorded)"));
    assertThat(TaskFailure.of(new Task().id(7L))).isEmpty();
  }

  @Test
  void aFailureStepWinsOverASuccessStatus() {
    server.enqueue(json(task(9, "completed", T1)));

    assertThatThrownBy(() -> client.awaitTask(7, Until.completed().failOnStep(9)))
        .isInstanceOf(WaitFailedException.class);
  }

  @Test
  void theDeadlineEndsTheWaitWithTheLastTaskReadAndSaysTheTaskStillRuns() {
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
            return json(task(1, "active", T1));
          }
        });

    Instant started = clock.instant();
    assertThatThrownBy(
            () ->
                client.awaitTask(
                    7,
                    Until.completed()
                        .timeout(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofSeconds(2))))
        .isInstanceOfSatisfying(
            WaitTimeoutException.class,
            e -> {
              assertThat(e.lastTask()).get().extracting(Task::getCurrentStep).isEqualTo(1L);
              assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(30));
              assertThat(e.getMessage())
                  .startsWith(
                      "Task 7 did not reach what the wait waited for (status completed; fails on"
                          + " status failed or cancelled) within PT30S; it was last read at step 1"
                          + " (active).")
                  .endsWith("The task still runs on the server: only the wait ended");
            });
    // The waits add up to the timeout exactly: the last one is cut to what was left.
    assertThat(Duration.between(started, clock.instant())).isEqualTo(Duration.ofSeconds(30));
    assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(server.getRequestCount()).isEqualTo(waits.size());
  }

  @Test
  void aRateLimitOrAServerErrorMakesTheWaitReadLaterNotFail() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Retry-After", "7")
            .body("{\"error\":{\"message\":\"slow down\"}}")
            .build());
    server.enqueue(json(503, "{\"error\":{\"message\":\"busy\"}}"));
    server.enqueue(json(task(1, "completed", T1)));

    Task done = client.awaitTask(7, Until.completed());

    assertThat(done.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    // One attempt per read: the wait itself reads again, after the server's Retry-After.
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(waits.get(0)).isEqualTo(Duration.ofSeconds(7));
    assertBetween(waits.get(1), 800, 1000);
  }

  @Test
  void aTaskThatIsGoneEndsTheWaitWithNotFound() {
    server.enqueue(json(task(1, "active", T1)));
    server.enqueue(Wire.text(200, "text/plain;charset=utf-8", ""));

    assertThatThrownBy(() -> client.awaitTask(7, Until.completed()))
        .isInstanceOf(NotFoundException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRefusedTokenEndsTheWaitAtOnce() {
    server.enqueue(json(401, "{\"status\":401,\"message\":\"Unauthorized\"}"));

    assertThatThrownBy(() -> client.awaitTask(7, Until.completed()))
        .isInstanceOf(AuthenticationException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void interruptingABlockingWaitThrowsAtOnceAndKeepsTheFlag() {
    server.enqueue(json(task(1, "active", T1)));
    client.close();
    client =
        client(
            duration -> {
              throw new InterruptedException("interrupted in the wait");
            });

    try {
      assertThatThrownBy(() -> client.awaitTask(7, Until.completed()))
          .isInstanceOf(CopilotzIOException.class)
          .hasMessage("Interrupted while waiting to read the task again")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anInterruptedThreadDoesNotWaitWithTheRealSleeper() {
    client.close();
    client = client(Sleeper.REAL);

    try {
      // Interrupted after the read: the wait that follows throws at once rather than sleep 1 s.
      server.setDispatcher(
          new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
              return json(task(1, "active", T1));
            }
          });
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> client.awaitTask(7, Until.completed()))
          .isInstanceOf(CopilotzIOException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void theAsyncWaitSchedulesItsWaitsAndCompletesWithTheTask() throws Exception {
    server.enqueue(json(task(1, "active", T1)));
    server.enqueue(json(task(2, "active", T2)));
    server.enqueue(json(task(3, "completed", T2)));

    Task done = client.async().awaitTask(7, Until.completed()).get(60, TimeUnit.SECONDS);

    assertThat(done.getCurrentStep()).isEqualTo(3L);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(waits).hasSize(2);
  }

  @Test
  void cancellingTheAsyncWaitStopsEveryFurtherRead() throws Exception {
    List<Runnable> held = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch scheduled = new CountDownLatch(1);
    client.close();
    client =
        client(
            new Sleeper() {
              @Override
              public void sleep(Duration duration) {
                throw new AssertionError("an async wait must not sleep");
              }

              @Override
              public void schedule(Duration duration, Runnable task) {
                held.add(task);
                scheduled.countDown();
              }
            });
    server.enqueue(json(task(1, "active", T1)));
    server.enqueue(json(task(1, "completed", T1)));

    CompletableFuture<Task> waiting = client.async().awaitTask(7, Until.completed());
    // The first read's answer schedules the next read; the deadline only bounds a hang.
    assertThat(scheduled.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(waiting.cancel(true)).isTrue();
    held.forEach(Runnable::run);

    assertThatThrownBy(waiting::get).isInstanceOf(CancellationException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theObserverSeesOneOperationWithItsReadsAsAttempts() {
    ObserverTest.Recorder recorder = new ObserverTest.Recorder();
    client.close();
    client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .sleeper(time)
            .clock(clock)
            .observer(recorder)
            .build();
    server.enqueue(json(task(1, "active", T1)));
    server.enqueue(json(task(1, "completed", T1)));

    client.awaitTask(7, Until.completed());

    assertThat(recorder.events)
        .containsExactly(
            "start awaitTask id=7",
            "  attempt GET /rest/tasks/{id} #1",
            "  end SUCCESS 200",
            "  attempt GET /rest/tasks/{id} #1",
            "  end SUCCESS 200",
            "end awaitTask");
  }

  @Test
  void createAndAwaitCreatesOnceThenReads() throws Exception {
    server.enqueue(json(task(1, "active", T1)));
    server.enqueue(json(task(1, "completed", T2)));

    Task done =
        client.createAndAwait(
            new CreateTaskRequest()
                .extId("E-7")
                .name("n")
                .description("d")
                .workflow(2L)
                .currentStep(1L)
                .status(TaskStatus.ACTIVE),
            Until.completed());

    assertThat(done.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    Wire.assertJsonBody(
        Wire.assertRestCall(Wire.take(server), "POST", "/rest/tasks"),
        "{\"extId\":\"E-7\",\"workflow\":2,\"currentStep\":1,\"status\":\"active\",\"name\":\"n\","
            + "\"description\":\"d\"}");
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void badArgumentsAreRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> client.awaitTask(0, Until.completed()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id");
    assertThatThrownBy(() -> client.awaitTask(7, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("until");
    assertThatThrownBy(() -> client.async().awaitTask(7, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("until");
    assertThatThrownBy(() -> Until.completed().orStatus(TaskStatus.FAILED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status failed already fails the wait");
    assertThatThrownBy(() -> Until.step(3).failOnStep(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stepId 3 already ends the wait with the task");
    assertThatThrownBy(() -> Until.step(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stepId");
    assertThatThrownBy(() -> Until.completed().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive, was PT0S");
    assertThatThrownBy(
            () ->
                Until.completed()
                    .pollInterval(Duration.ofSeconds(2))
                    .maxPollInterval(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPollInterval PT1S must not be shorter than the pollInterval PT2S");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void untilDescribesItselfAndKeepsWhatItWasGiven() {
    Until until =
        Until.step(3, 4)
            .orStatus(TaskStatus.COMPLETED)
            .failOnStatus(TaskStatus.FAILED)
            .failOnStep(9);

    assertThat(until.steps()).containsExactly(3L, 4L);
    assertThat(until.statuses()).containsExactly(TaskStatus.COMPLETED);
    assertThat(until.failureSteps()).containsExactly(9L);
    assertThat(until.timeout()).isEqualTo(Until.DEFAULT_TIMEOUT);
    assertThat(until.pollInterval()).isEqualTo(Until.DEFAULT_POLL_INTERVAL);
    assertThat(until.maxPollInterval()).isEqualTo(Until.DEFAULT_MAX_POLL_INTERVAL);
    assertThat(until)
        .hasToString("status completed, or step 3 or 4; fails on status failed, or step 9");
    // A poll interval longer than the longest raises the longest with it.
    assertThat(Until.completed().pollInterval(Duration.ofMinutes(1)).maxPollInterval())
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void reachingEndsAtAnyStatusOrStepGivenAndFailsOnAFailureNotAskedFor() {
    Until pendingOrStep = Until.reaching(List.of(TaskStatus.PENDING), List.of(3L, 4L));
    Until failedToo = Until.reaching(List.of(TaskStatus.FAILED), List.of());

    assertThat(pendingOrStep.statuses()).containsExactly(TaskStatus.PENDING);
    assertThat(pendingOrStep.steps()).containsExactly(3L, 4L);
    assertThat(pendingOrStep.failureStatuses())
        .containsExactly(TaskStatus.FAILED, TaskStatus.CANCELLED);
    assertThat(failedToo.statuses()).containsExactly(TaskStatus.FAILED);
    assertThat(failedToo.failureStatuses()).containsExactly(TaskStatus.CANCELLED);
    assertThat(Until.reaching(List.of(), List.of())).hasToString(Until.completed().toString());
    assertThatThrownBy(() -> Until.reaching(List.of(), List.of(0L)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theAsyncWaitFailsWithTheTypedException() {
    server.enqueue(json(task(9, "failed", T1)));

    CompletableFuture<Task> waiting = client.async().awaitTask(7, Until.completed());

    assertThatThrownBy(() -> waiting.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(WaitFailedException.class);
  }
}
