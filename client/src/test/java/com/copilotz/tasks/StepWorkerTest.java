package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.testing.backend.FakeBackend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The step worker against the model of the server: what it sends for each task, the agent moving a
 * task under it, handler and write failures, 429s, the stop, close with handlers running, and two
 * partitions on one server. Every wait of the worker is handed to the test ({@link Waits}), which
 * decides when it ends; the clock is virtual.
 */
class StepWorkerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long GATHER = 10;
  static final long EMAIL = 11;
  static final long COMPLETE = 12;
  static final long ERRORS = 19;

  @StartStop final MockWebServer server = Wire.server();
  final FakeBackend backend = new FakeBackend();
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
  final Waits waits = new Waits();
  final List<String> requests = new CopyOnWriteArrayList<>();
  final Handled handled = new Handled();
  volatile Function<RecordedRequest, MockResponse> fault = request -> null;
  final List<TasksClient> clients = new ArrayList<>();
  final List<StepWorker> workers = new ArrayList<>();

  /** Every wait of the worker's threads: each blocks until the test ends it. */
  static final class Waits implements Sleeper {
    record Wait(Duration duration, String thread, Semaphore wake) {
      void end() {
        wake.release();
      }

      /** Whether the worker's listing or hand-out thread waits (not a handler's). */
      boolean ofThePoller() {
        return thread.endsWith("-listing") || thread.endsWith("-handout");
      }
    }

    final LinkedBlockingQueue<Wait> asleep = new LinkedBlockingQueue<>();

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      Wait wait = new Wait(duration, Thread.currentThread().getName(), new Semaphore(0));
      asleep.put(wait);
      wait.wake.acquire();
    }

    /** The next wait a thread of the worker began; the deadline only bounds a hang. */
    Wait next() throws InterruptedException {
      Wait wait = asleep.poll(60, TimeUnit.SECONDS);
      assertThat(wait).as("the worker waits").isNotNull();
      return wait;
    }

    /** The next wait, which must be the poll thread's after a listing that found nothing. */
    Wait idle() throws InterruptedException {
      Wait wait = next();
      assertThat(wait.ofThePoller()).as("the poll thread waits: " + wait).isTrue();
      return wait;
    }
  }

  /** The observer: what each handled task came to, and a latch per count. */
  static final class Handled implements TasksObserver {
    final List<HandledTask> all = new CopyOnWriteArrayList<>();
    final List<String> operations = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<HandledTask> done = new LinkedBlockingQueue<>();

    @Override
    public Operation operationStarted(OperationStart start) {
      return new Operation() {
        final List<String> attempts = new ArrayList<>();

        @Override
        public Attempt attemptStarted(AttemptStart attempt) {
          synchronized (attempts) {
            attempts.add(attempt.method() + " " + attempt.uriTemplate());
          }
          return end -> {};
        }

        @Override
        public void taskHandled(HandledTask task) {
          all.add(task);
          done.add(task);
        }

        @Override
        public void operationEnded(Throwable failure) {
          synchronized (attempts) {
            operations.add(
                start.name()
                    + start.taskId().stream().mapToObj(id -> " " + id).findFirst().orElse("")
                    + " "
                    + attempts);
          }
        }
      };
    }

    /** The next task the worker is done with; the deadline only bounds a hang. */
    HandledTask next() throws InterruptedException {
      HandledTask task = done.poll(60, TimeUnit.SECONDS);
      assertThat(task).as("a task was handled").isNotNull();
      return task;
    }
  }

  StepWorkerTest() {
    backend.registerToken(Wire.TOKEN);
    backend.clock(clock);
    backend.put("steps", step(GATHER, "Gather Information", EMAIL, null));
    backend.put("steps", step(EMAIL, "Send Confirmation Email", COMPLETE, ERRORS));
    backend.put("steps", step(COMPLETE, "Complete Onboarding", null, null));
    backend.put("steps", step(ERRORS, "Handle Errors", null, null));
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            requests.add(
                request.getMethod()
                    + " "
                    + request.getTarget()
                    + (body.isEmpty() ? "" : " " + body));
            MockResponse faulty = fault.apply(request);
            return faulty != null ? faulty : backend.dispatch(request);
          }
        });
  }

  static ObjectNode step(long id, String name, Long next, Long failedNext) {
    ObjectNode step = JSON.createObjectNode().put("_id", id).put("name", name).put("workflow", 2);
    if (next != null) {
      step.put("next", next);
    }
    if (failedNext != null) {
      step.put("failedNext", failedNext);
    }
    return step;
  }

  TasksClient client() {
    TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .maxRetries(0)
            .sleeper(waits)
            .clock(clock)
            .observer(handled)
            .build();
    clients.add(client);
    return client;
  }

  StepWorker started(StepWorker.Builder builder, StepHandler handler) {
    return started(builder, (task, delivery) -> handler.handle(task));
  }

  StepWorker started(StepWorker.Builder builder, StepHandler.Delivered handler) {
    // One hand-out order: the listing's (a worker shuffles each listing by default).
    StepWorker worker = builder.handOutOrder(null).build(handler);
    workers.add(worker);
    worker.start();
    // The step is read when the worker starts (and cached), before its threads start.
    assertThat(requests.remove("GET /rest/steps/" + worker.stepId())).isTrue();
    return worker;
  }

  @AfterEach
  void close() {
    workers.forEach(worker -> worker.close(Duration.ZERO));
    clients.forEach(TasksClient::close);
  }

  /** A task at {@code step} with {@code status}, written at the clock's time. */
  void put(long id, long step, String status) {
    backend.put(
        "tasks",
        JSON.createObjectNode()
            .put("_id", id)
            .put("extId", "E-" + id)
            .put("workflow", 2)
            .put("currentStep", step)
            .put("status", status)
            .put("name", "Onboard " + id));
  }

  ObjectNode stored(long id) {
    return backend.rows("tasks").stream()
        .filter(row -> row.path("_id").asLong() == id)
        .findFirst()
        .orElseThrow();
  }

  List<String> takeRequests() {
    List<String> taken = List.copyOf(requests);
    requests.clear();
    return taken;
  }

  /** The server's 429, asking for {@code retryAfter} seconds. */
  static MockResponse tooManyRequests(String retryAfter) {
    return new MockResponse.Builder()
        .code(429)
        .addHeader("Retry-After", retryAfter)
        .body("{\"error\":{\"message\":\"Too many requests\"}}")
        .build();
  }

  static final String LISTING = "GET /rest/tasks?currentStep=11&status=active&limit=100&offset=0";

  @Test
  void eachWaitingTaskCostsOneReadAndOneWriteAndTheHandlersMoveIsWritten() throws Exception {
    put(1, EMAIL, "active");
    put(2, EMAIL, "active");
    put(3, EMAIL, "pending");
    put(4, COMPLETE, "active");
    List<Long> seen = new CopyOnWriteArrayList<>();
    StepWorker worker =
        started(
            client().stepWorker(EMAIL),
            task -> {
              seen.add(task.getId());
              return StepAction.advance(Map.of("emailSent", true));
            });

    assertThat(handled.next().result()).isEqualTo(StepResult.ADVANCED);
    assertThat(handled.next().result()).isEqualTo(StepResult.ADVANCED);
    Waits.Wait idle = waits.idle();

    assertThat(seen).containsExactly(1L, 2L);
    assertThat(takeRequests())
        .containsExactly(
            LISTING,
            "GET /rest/tasks/1",
            "PUT /rest/tasks/1 {\"currentStep\":12,\"status\":\"active\",\"context\":{\"emailSent\":true}}",
            "GET /rest/tasks/2",
            "PUT /rest/tasks/2 {\"currentStep\":12,\"status\":\"active\",\"context\":{\"emailSent\":true}}",
            LISTING);
    assertThat(stored(1).path("currentStep").asLong()).isEqualTo(COMPLETE);
    assertThat(stored(1).path("context").path("emailSent").asBoolean()).isTrue();
    assertThat(stored(3).path("status").asText()).isEqualTo("pending");
    // An empty listing waits the poll interval, less up to a fifth of it.
    assertThat(idle.duration()).isBetween(Duration.ofMillis(800), StepWorker.DEFAULT_POLL_INTERVAL);
    assertThat(handled.operations)
        .contains(
            "getStep [GET /rest/steps/{id}]",
            "handleTask 1 [GET /rest/tasks/{id}, PUT /rest/tasks/{id}]",
            "handleTask 2 [GET /rest/tasks/{id}, PUT /rest/tasks/{id}]",
            "pollTasks [GET /rest/tasks]");
    WorkerStats stats = worker.stats();
    assertThat(stats.running()).isTrue();
    assertThat(stats.listings()).isEqualTo(2);
    assertThat(stats.handled(StepResult.ADVANCED)).isEqualTo(2);
    assertThat(stats.inFlight()).isZero();
    assertThat(stats.lastListing()).contains(clock.instant());
  }

  @Test
  void emptyListingsWaitLongerAndLongerUpToTheCapThenATaskIsTakenAtOnce() throws Exception {
    started(
        client()
            .stepWorker(EMAIL)
            .pollInterval(Duration.ofSeconds(1))
            .maxPollInterval(Duration.ofSeconds(4)),
        task -> StepAction.complete());
    List<Waits.Wait> idle = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      idle.add(waits.idle());
      if (i < 3) {
        idle.get(i).end();
      }
    }
    assertThat(idle.get(0).duration()).isBetween(Duration.ofMillis(800), Duration.ofSeconds(1));
    assertThat(idle.get(1).duration()).isBetween(Duration.ofMillis(1600), Duration.ofSeconds(2));
    assertThat(idle.get(2).duration()).isBetween(Duration.ofMillis(3200), Duration.ofSeconds(4));
    assertThat(idle.get(3).duration()).isBetween(Duration.ofMillis(3200), Duration.ofSeconds(4));

    put(5, EMAIL, "active");
    idle.get(3).end();
    assertThat(handled.next().result()).isEqualTo(StepResult.COMPLETED);
    assertThat(stored(5).path("status").asText()).isEqualTo("completed");
    // The listing that found a task resets the wait.
    assertThat(waits.idle().duration()).isBetween(Duration.ofMillis(800), Duration.ofSeconds(1));
  }

  @Test
  void aTaskTheAgentMovesBetweenListingAndHandlingIsNotHandedOverNorWritten() throws Exception {
    put(1, EMAIL, "active");
    put(2, EMAIL, "active");
    AtomicInteger reads = new AtomicInteger();
    fault =
        request -> {
          if (request.getTarget().equals("/rest/tasks/1") && reads.getAndIncrement() == 0) {
            // The agent fails the task after the listing, before the worker reads it.
            backend.agentSubmit(
                1,
                EMAIL,
                false,
                JSON.createObjectNode(),
                JSON.createObjectNode().put("error", "x"));
          }
          return null;
        };
    List<Long> seen = new CopyOnWriteArrayList<>();
    started(
        client().stepWorker(EMAIL),
        task -> {
          seen.add(task.getId());
          return StepAction.advance();
        });

    HandledTask first = handled.next();
    assertThat(first.taskId()).isEqualTo(1);
    assertThat(first.result()).isEqualTo(StepResult.MOVED);
    assertThat(first.attempts()).isZero();
    assertThat(handled.next().result()).isEqualTo(StepResult.ADVANCED);
    waits.idle();

    assertThat(seen).containsExactly(2L);
    assertThat(takeRequests())
        .containsExactly(
            LISTING,
            "GET /rest/tasks/1",
            "GET /rest/tasks/2",
            "PUT /rest/tasks/2 {\"currentStep\":12,\"status\":\"active\"}",
            LISTING);
    assertThat(stored(1).path("currentStep").asLong()).isEqualTo(ERRORS);
    assertThat(stored(1).path("status").asText()).isEqualTo("failed");
  }

  @Test
  void aTaskTheAgentMovesWhileALongHandlerRunsIsNotMovedBack() throws Exception {
    put(1, EMAIL, "active");
    started(
        client().stepWorker(EMAIL),
        task -> {
          clock.advance(Duration.ofSeconds(5)); // longer than the guard's age
          backend.agentSubmit(1, EMAIL, true, JSON.createObjectNode(), JSON.createObjectNode());
          return StepAction.fail("too late");
        });

    HandledTask task = handled.next();
    assertThat(task.result()).isEqualTo(StepResult.MOVED);
    assertThat(task.attempts()).isEqualTo(1);
    assertThat(task.handlerTime()).isEqualTo(Duration.ofSeconds(5));
    waits.idle();

    assertThat(takeRequests())
        .containsExactly(LISTING, "GET /rest/tasks/1", "GET /rest/tasks/1", LISTING);
    assertThat(stored(1).path("currentStep").asLong()).isEqualTo(COMPLETE);
    assertThat(stored(1).path("status").asText()).isEqualTo("active");
  }

  @Test
  void aHandlerThatThrowsIsRunAgainAfterABackoffThenTheTaskIsFailedWithItsMessage()
      throws Exception {
    put(1, EMAIL, "active");
    AtomicInteger runs = new AtomicInteger();
    StepWorker worker =
        started(
            client()
                .stepWorker(EMAIL)
                .maxAttempts(3)
                .retryDelay(Duration.ofMillis(500), Duration.ofSeconds(8)),
            task -> {
              runs.incrementAndGet();
              throw new IllegalStateException("the mailer is down");
            });

    Waits.Wait first = waits.next();
    assertThat(first.ofThePoller()).isFalse();
    assertThat(first.duration()).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
    first.end();
    Waits.Wait second = waits.next();
    assertThat(second.duration()).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
    second.end();

    HandledTask task = handled.next();
    assertThat(task.result()).isEqualTo(StepResult.FAILED);
    assertThat(task.attempts()).isEqualTo(3);
    waits.idle();
    assertThat(runs).hasValue(3);
    assertThat(takeRequests())
        .containsExactly(
            LISTING,
            "GET /rest/tasks/1",
            "GET /rest/tasks/1",
            "GET /rest/tasks/1",
            "PUT /rest/tasks/1 {\"currentStep\":19,\"status\":\"failed\",\"context\":"
                + "{\"failureReason\":\"the mailer is down\"}}",
            LISTING);
    assertThat(worker.stats().handlerExceptions()).isEqualTo(3);
    assertThat(worker.stats().handled(StepResult.FAILED)).isEqualTo(1);
  }

  @Test
  void theFailureCallbackDecidesAndATaskLeftIsNotHandedOutAgainUntilItChanges() throws Exception {
    put(1, EMAIL, "active");
    List<String> callbacks = new CopyOnWriteArrayList<>();
    AtomicInteger runs = new AtomicInteger();
    started(
        client()
            .stepWorker(EMAIL)
            .maxAttempts(1)
            .whenHandlerFails(
                (task, failure) -> {
                  callbacks.add(task.getId() + " " + failure.getMessage());
                  return StepAction.leave();
                }),
        task -> {
          if (runs.incrementAndGet() == 1) {
            throw new java.io.IOException("no route to the mailer");
          }
          return StepAction.pending();
        });

    assertThat(handled.next().result()).isEqualTo(StepResult.LEFT);
    waits.idle().end();
    // The next listing sees the task unchanged: it is not handed out again.
    Waits.Wait second = waits.idle();
    assertThat(callbacks).containsExactly("1 no route to the mailer");
    assertThat(runs).hasValue(1);
    assertThat(takeRequests()).containsExactly(LISTING, "GET /rest/tasks/1", LISTING, LISTING);

    clock.advance(Duration.ofSeconds(1));
    put(1, EMAIL, "active"); // someone changed it: its updatedAt moved
    second.end();
    assertThat(handled.next().result()).isEqualTo(StepResult.PENDING);
    assertThat(runs).hasValue(2);
    assertThat(stored(1).path("status").asText()).isEqualTo("pending");
  }

  @Test
  void aWriteThatFailsAfterTheHandlerIsTriedAgainAsTheServerAsksWithoutRunningTheHandlerAgain()
      throws Exception {
    put(1, EMAIL, "active");
    AtomicInteger puts = new AtomicInteger();
    fault =
        request ->
            request.getMethod().equals("PUT") && puts.getAndIncrement() < 2
                ? tooManyRequests("7")
                : null;
    AtomicInteger runs = new AtomicInteger();
    StepWorker worker =
        started(
            client().stepWorker(EMAIL),
            task -> {
              runs.incrementAndGet();
              return StepAction.advance(Map.of("emailSent", true));
            });

    Waits.Wait first = waits.next();
    assertThat(first.ofThePoller()).isFalse();
    assertThat(first.duration()).isEqualTo(Duration.ofSeconds(7));
    first.end();
    Waits.Wait second = waits.next();
    assertThat(second.duration()).isEqualTo(Duration.ofSeconds(7));
    // The worker is closing: a write under way goes on within the grace period.
    CompletableFuture<Void> closed = CompletableFuture.runAsync(worker::close);
    while (worker.stats().running()) {
      Thread.onSpinWait();
    }
    second.end();
    closed.get(60, TimeUnit.SECONDS);

    assertThat(handled.next().result()).isEqualTo(StepResult.ADVANCED);
    assertThat(runs).hasValue(1);
    String put =
        "PUT /rest/tasks/1 {\"currentStep\":12,\"status\":\"active\",\"context\":{\"emailSent\":true}}";
    assertThat(takeRequests())
        .containsExactly(
            LISTING, "GET /rest/tasks/1", put, "GET /rest/tasks/1", put, "GET /rest/tasks/1", put);
    assertThat(worker.stats().writeRetries()).isEqualTo(2);
    assertThat(stored(1).path("currentStep").asLong()).isEqualTo(COMPLETE);
  }

  @Test
  void closeLetsRunningHandlersFinishAndWriteThenNoHandlerStarts() throws Exception {
    put(1, EMAIL, "active");
    put(2, EMAIL, "active");
    put(3, EMAIL, "active");
    CountDownLatch running = new CountDownLatch(2);
    CountDownLatch finish = new CountDownLatch(1);
    List<Long> seen = new CopyOnWriteArrayList<>();
    StepWorker worker =
        started(
            client().stepWorker(EMAIL).concurrency(2),
            task -> {
              seen.add(task.getId());
              running.countDown();
              finish.await();
              return StepAction.advance();
            });
    assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closed = CompletableFuture.runAsync(worker::close);
    while (worker.stats().running()) {
      Thread.onSpinWait();
    }
    assertThat(closed).isNotDone();
    finish.countDown();
    closed.get(60, TimeUnit.SECONDS);

    assertThat(worker.awaitStop(Duration.ofSeconds(60))).isTrue();
    assertThat(seen).containsExactlyInAnyOrder(1L, 2L);
    assertThat(stored(1).path("currentStep").asLong()).isEqualTo(COMPLETE);
    assertThat(stored(2).path("currentStep").asLong()).isEqualTo(COMPLETE);
    assertThat(stored(3).path("currentStep").asLong()).isEqualTo(EMAIL);
    assertThat(worker.stats().handled(StepResult.ADVANCED)).isEqualTo(2);
    assertThat(worker.stats().inFlight()).isZero();
    assertThat(requests).noneMatch(r -> r.startsWith("GET /rest/tasks/3"));
  }

  @Test
  void aHandlerStillRunningAfterTheGraceIsInterruptedAndItsTaskStaysAtTheStep() throws Exception {
    put(1, EMAIL, "active");
    CountDownLatch running = new CountDownLatch(1);
    StepWorker worker =
        started(
            client().stepWorker(EMAIL),
            task -> {
              running.countDown();
              new CountDownLatch(1).await(); // never ends on its own
              return StepAction.advance();
            });
    assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();

    worker.close(Duration.ZERO);

    HandledTask task = handled.next();
    assertThat(task.result()).isEqualTo(StepResult.ABANDONED);
    assertThat(worker.awaitStop(Duration.ofSeconds(60))).isTrue();
    assertThat(stored(1).path("currentStep").asLong()).isEqualTo(EMAIL);
    assertThat(takeRequests()).containsExactly(LISTING, "GET /rest/tasks/1");
  }

  @Test
  void closeEndsTheWaitBetweenListingsAtOnce() throws Exception {
    StepWorker worker =
        started(
            client().stepWorker(EMAIL).pollInterval(Duration.ofHours(1)),
            task -> StepAction.advance());
    Waits.Wait idle = waits.idle();
    assertThat(idle.duration()).isGreaterThan(Duration.ofMinutes(40));

    worker.close();

    assertThat(worker.awaitStop(Duration.ofSeconds(60))).isTrue();
    assertThat(worker.stats().running()).isFalse();
    assertThat(takeRequests()).containsExactly(LISTING);
    assertThatThrownBy(worker::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("This StepWorker is started already");
  }

  @Test
  void twoPartitionsSharingOneServerNeverTakeTheSameTask() throws Exception {
    for (long id = 1; id <= 10; id++) {
      put(id, EMAIL, "active");
    }
    Map<Long, String> takenBy = new ConcurrentHashMap<>();
    List<String> twice = new CopyOnWriteArrayList<>();
    for (int index = 0; index < 2; index++) {
      String name = "instance " + index;
      started(
          client().stepWorker(EMAIL).concurrency(3).partition(index, 2),
          task -> {
            if (takenBy.putIfAbsent(task.getId(), name) != null) {
              twice.add(task.getId() + " by " + name);
            }
            return StepAction.advance();
          });
    }
    for (int i = 0; i < 10; i++) {
      assertThat(handled.next().result()).isEqualTo(StepResult.ADVANCED);
    }

    assertThat(twice).isEmpty();
    assertThat(takenBy)
        .containsOnlyKeys(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L)
        .allSatisfy((id, name) -> assertThat(name).isEqualTo("instance " + Math.floorMod(id, 2)));
    assertThat(backend.rows("tasks"))
        .allSatisfy(row -> assertThat(row.path("currentStep").asLong()).isEqualTo(COMPLETE));
    // No task was read by both instances: each read only its own share.
    List<String> reads =
        requests.stream().filter(r -> r.matches("GET /rest/tasks/\\d+")).sorted().toList();
    assertThat(reads).hasSize(10).doesNotHaveDuplicates();
  }

  @Test
  void a429StormIsWaitedOutAsTheServerAsksAndNothingIsSentMeanwhile() throws Exception {
    put(1, EMAIL, "active");
    AtomicInteger listings = new AtomicInteger();
    fault =
        request ->
            request.getTarget().startsWith("/rest/tasks?") && listings.getAndIncrement() < 3
                ? tooManyRequests("5")
                : null;
    StepWorker worker = started(client().stepWorker(EMAIL), task -> StepAction.advance());

    for (int storm = 1; storm <= 3; storm++) {
      Waits.Wait wait = waits.idle();
      assertThat(wait.duration()).isEqualTo(Duration.ofSeconds(5));
      assertThat(requests).hasSize(storm);
      assertThat(worker.stats().consecutiveFailures()).isEqualTo(storm);
      assertThat(worker.stats().lastFailure()).isPresent();
      wait.end();
    }
    assertThat(handled.next().result()).isEqualTo(StepResult.ADVANCED);
    waits.idle();
    assertThat(worker.stats().consecutiveFailures()).isZero();
    assertThat(worker.stats().listings()).isEqualTo(5);
  }

  @Test
  void a429OnATasksReadHoldsTheNextTaskAsTheServerAsksAndTheTaskIsTakenLater() throws Exception {
    put(1, EMAIL, "active");
    put(2, EMAIL, "active");
    AtomicInteger reads = new AtomicInteger();
    fault =
        request ->
            request.getTarget().equals("/rest/tasks/1") && reads.getAndIncrement() == 0
                ? tooManyRequests("3")
                : null;
    List<Long> seen = new CopyOnWriteArrayList<>();
    started(
        client().stepWorker(EMAIL),
        task -> {
          seen.add(task.getId());
          return StepAction.advance();
        });

    assertThat(handled.next().result()).isEqualTo(StepResult.ERROR);
    Waits.Wait hold = waits.next();
    assertThat(hold.ofThePoller()).isTrue();
    assertThat(hold.duration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(requests).containsExactly(LISTING, "GET /rest/tasks/1");
    hold.end();

    assertThat(handled.next().taskId()).isEqualTo(2);
    assertThat(handled.next().taskId()).isEqualTo(1);
    waits.idle();
    assertThat(seen).containsExactly(2L, 1L);
    assertThat(stored(1).path("currentStep").asLong()).isEqualTo(COMPLETE);
  }

  @Test
  void anAuthenticationFailureStopsTheWorkerAndIsReported() throws Exception {
    put(1, EMAIL, "active");
    fault =
        request ->
            request.getTarget().startsWith("/rest/tasks?")
                ? new MockResponse.Builder()
                    .code(401)
                    .body("{\"error\":{\"message\":\"Invalid token\"}}")
                    .build()
                : null;
    List<CopilotzException> stops = new CopyOnWriteArrayList<>();
    StepWorker worker =
        started(client().stepWorker(EMAIL).onStopped(stops::add), task -> StepAction.advance());

    assertThat(worker.awaitStop(Duration.ofSeconds(60))).isTrue();
    assertThat(stops).singleElement().isInstanceOf(AuthenticationException.class);
    assertThat(worker.stats().running()).isFalse();
    assertThat(worker.stats().lastFailure()).containsSame(stops.get(0));
    assertThat(takeRequests()).containsExactly(LISTING);
    assertThat(waits.asleep).isEmpty();
  }

  @Test
  void theObserverIsToldTheLagFromUpdatedAtTheHandlerTimeAndTheResult() throws Exception {
    put(1, EMAIL, "active");
    clock.advance(Duration.ofSeconds(90));
    started(
        client().stepWorker(EMAIL),
        task -> {
          clock.advance(Duration.ofMillis(250));
          return StepAction.complete();
        });

    HandledTask task = handled.next();
    assertThat(task)
        .isEqualTo(
            new HandledTask(
                1,
                EMAIL,
                StepResult.COMPLETED,
                1,
                Duration.ofMillis(250),
                java.util.Optional.of(Duration.ofSeconds(90))));
    waits.idle();
    assertThat(takeRequests())
        .containsExactly(
            LISTING, "GET /rest/tasks/1", "PUT /rest/tasks/1 {\"status\":\"completed\"}", LISTING);
  }

  @Test
  void widenedStatusesAreListedByStepAndCheckedByTheWorker() throws Exception {
    put(1, EMAIL, "active");
    put(2, EMAIL, "pending");
    put(3, EMAIL, "failed");
    List<Long> seen = new CopyOnWriteArrayList<>();
    started(
        client().stepWorker(EMAIL).statuses(TaskStatus.ACTIVE, TaskStatus.PENDING),
        task -> {
          seen.add(task.getId());
          return StepAction.advance();
        });
    handled.next();
    handled.next();
    waits.idle();
    assertThat(seen).containsExactly(1L, 2L);
    assertThat(takeRequests())
        .first()
        .isEqualTo("GET /rest/tasks?currentStep=11&limit=100&offset=0");
  }

  @Test
  void aTaskHandedOutAgainIsToldWhenThisWorkerHandedItOutBefore() throws Exception {
    put(1, EMAIL, "active");
    List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    Instant first = clock.instant();
    started(
        client().stepWorker(EMAIL).statuses(TaskStatus.ACTIVE, TaskStatus.PENDING),
        (task, delivery) -> {
          deliveries.add(delivery);
          if (!delivery.redelivered()) {
            clock.advance(Duration.ofSeconds(5));
            return StepAction.pending(); // handed out again at once: it waits at the step
          }
          return StepAction.advance();
        });

    assertThat(handled.next().result()).isEqualTo(StepResult.PENDING);
    assertThat(handled.next().result()).isEqualTo(StepResult.ADVANCED);
    assertThat(deliveries)
        .containsExactly(
            new Delivery(1, Optional.empty(), Optional.empty()),
            new Delivery(1, Optional.of(first), Optional.empty()));
  }

  @Test
  void badSettingsAreRefusedNamingTheParameterBeforeAnythingIsSent() {
    TasksClient client = client();
    assertThatThrownBy(() -> client.stepWorker(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stepId");
    StepWorker.Builder builder = client.stepWorker(EMAIL);
    assertThatThrownBy(() -> builder.concurrency(0)).hasMessageContaining("concurrency");
    assertThatThrownBy(() -> builder.partition(2, 2)).hasMessageContaining("index");
    assertThatThrownBy(() -> builder.partition(0, 0)).hasMessageContaining("count");
    assertThatThrownBy(() -> builder.maxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> builder.workflow(0)).hasMessageContaining("workflowId");
    assertThatThrownBy(() -> builder.claims(Duration.ZERO)).hasMessageContaining("ttl");
    assertThatThrownBy(() -> builder.retryDelay(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("first");
    assertThatThrownBy(() -> builder.retryDelay(Duration.ofSeconds(1), null))
        .hasMessageContaining("max");
    assertThatThrownBy(() -> builder.pollInterval(Duration.ZERO)).hasMessageContaining("interval");
    assertThatThrownBy(() -> builder.maxGuardAge(Duration.ofSeconds(-1)))
        .hasMessageContaining("age");
    assertThatThrownBy(() -> builder.build((StepHandler) null)).hasMessageContaining("handler");
    assertThatThrownBy(() -> StepAction.fail(" ")).hasMessageContaining("reason");
    assertThatThrownBy(() -> StepAction.advance(null)).hasMessageContaining("contextPatch");
    assertThat(requests).isEmpty();
    client.close();
    assertThatThrownBy(() -> builder.build(task -> StepAction.leave()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aStepActionSaysWhatItWrites() {
    assertThat(StepAction.advance(Map.of("a", 1)))
        .hasToString("advance {a=1}")
        .isEqualTo(StepAction.advance(Map.of("a", 1)));
    assertThat(StepAction.advance(Map.of())).isSameAs(StepAction.advance());
    assertThat(StepAction.fail("no email").reason()).contains("no email");
    assertThat(StepAction.fail("no email")).hasToString("fail (no email)");
    assertThat(StepAction.leave().kind()).isEqualTo(StepAction.Kind.LEAVE);
    assertThat(StepResult.ADVANCED.tag()).isEqualTo("advanced");
  }

  // ----- never undo the agent (2 of 2)

  @Test
  void aMoveAppliedButAnswered503WhileTheAgentCompletesTheTaskIsNotMovedBack() throws Exception {
    put(1, EMAIL, "active");
    AtomicInteger puts = new AtomicInteger();
    fault =
        request -> {
          if (!request.getMethod().equals("PUT") || puts.getAndIncrement() > 0) {
            return null;
          }
          backend.dispatch(request); // the move is applied ...
          put(1, COMPLETE, "completed"); // ... the agent completes the onboarding ...
          return new MockResponse.Builder() // ... and the move's answer is lost
              .code(503)
              .body("<html>Service Unavailable</html>")
              .build();
        };
    StepWorker worker =
        started(client().stepWorker(EMAIL), task -> StepAction.advance(Map.of("emailSent", true)));

    // The answer lost, the client waits its backoff, then reads what the move would have written.
    Waits.Wait beforeTheRead = waits.next();
    assertThat(beforeTheRead.ofThePoller()).isFalse();
    beforeTheRead.end();
    assertThat(handled.next().result()).isEqualTo(StepResult.MOVED);
    waits.idle();
    assertThat(takeRequests())
        .containsExactly(
            LISTING,
            "GET /rest/tasks/1",
            "PUT /rest/tasks/1 {\"currentStep\":12,\"status\":\"active\",\"context\":{\"emailSent\":true}}",
            "GET /rest/tasks/1",
            LISTING);
    assertThat(stored(1).path("currentStep").asLong()).isEqualTo(COMPLETE);
    assertThat(stored(1).path("status").asText()).isEqualTo("completed");
    assertThat(worker.stats().handled(StepResult.MOVED)).isEqualTo(1);
    assertThat(worker.stats().writeRetries()).isZero();
  }

  @Test
  void aStepThatDoesNotExistOrIsNotTheWorkflowsFailsTheStartNamingIt() throws Exception {
    TasksClient client = client();
    backend.put("workflows", workflow(3, 1, 2));

    assertThatThrownBy(() -> client.stepWorker(999).start(task -> StepAction.advance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stepId 999: the server has no such step");
    assertThatThrownBy(
            () -> client.stepWorker(EMAIL).workflow(4).start(task -> StepAction.advance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workflow 4: the server has no such workflow");
    assertThatThrownBy(
            () -> client.stepWorker(EMAIL).workflow(3).start(task -> StepAction.advance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stepId 11 is not a step of workflow 3 (its steps: [1, 2])");
    assertThat(takeRequests())
        .containsExactly(
            "GET /rest/steps/999",
            "GET /rest/steps/11",
            "GET /rest/workflows/4",
            "GET /rest/workflows/3");

    // A create at a step the cached workflow lacks is refused before anything is sent.
    assertThatThrownBy(
            () ->
                client.createTask(
                    new CreateTaskRequest()
                        .extId("E-9")
                        .name("Onboard 9")
                        .description("d")
                        .workflow(3L)
                        .currentStep(EMAIL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("currentStep 11 is not a step of workflow 3 (its steps: [1, 2])");
    assertThat(takeRequests()).isEmpty();

    // A workflow that holds the step: the worker starts, and lists that workflow's tasks only.
    backend.put("workflows", workflow(2, GATHER, EMAIL, COMPLETE, ERRORS));
    StepWorker worker = client.stepWorker(EMAIL).workflow(2).build(task -> StepAction.advance());
    workers.add(worker);
    worker.start();
    waits.idle();
    assertThat(takeRequests())
        .containsExactly(
            "GET /rest/workflows/2",
            "GET /rest/tasks?workflow=2&currentStep=11&status=active&limit=100&offset=0");
  }

  static ObjectNode workflow(long id, long... steps) {
    ObjectNode workflow =
        JSON.createObjectNode()
            .put("_id", id)
            .put("name", "Workflow " + id)
            .put("firstStep", steps[0]);
    for (long step : steps) {
      workflow.withArray("steps").add(step);
    }
    return workflow;
  }

  @Test
  void withClaimsASecondInstanceLeavesATaskTheFirstHoldsAndTheMoveRemovesTheClaim()
      throws Exception {
    put(1, EMAIL, "active");
    CountDownLatch working = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    List<String> ranBy = new CopyOnWriteArrayList<>();
    List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    Instant claimedAt = clock.instant();
    started(
        client().stepWorker(EMAIL).claims(Duration.ofMinutes(5)),
        (task, delivery) -> {
          ranBy.add("first");
          deliveries.add(delivery);
          working.countDown();
          finish.await();
          return StepAction.advance(Map.of("emailSent", "yes"));
        });
    assertThat(working.await(60, TimeUnit.SECONDS)).isTrue();
    JsonNode claim = stored(1).path("context").path("copilotzClaim");
    assertThat(claim.path("step").asLong()).isEqualTo(EMAIL);
    assertThat(claim.path("claimedAt").asText()).isEqualTo(claimedAt.toString());
    assertThat(claim.path("expiresAt").asText())
        .isEqualTo(claimedAt.plus(Duration.ofMinutes(5)).toString());
    assertThat(claim.path("deliveries").asInt()).isEqualTo(1);
    assertThat(deliveries)
        .containsExactly(
            new Delivery(1, Optional.empty(), Optional.of(claimedAt.plus(Duration.ofMinutes(5)))));
    List<String> first = takeRequests();
    assertThat(first)
        .hasSize(4)
        .startsWith(LISTING, "GET /rest/tasks/1")
        .endsWith("GET /rest/tasks/1");
    assertThat(first.get(2)).startsWith("PUT /rest/tasks/1 {\"context\":{\"copilotzClaim\":{");

    StepWorker second =
        started(
            client().stepWorker(EMAIL).claims(Duration.ofMinutes(5)),
            task -> {
              ranBy.add("second");
              return StepAction.advance();
            });
    waits.idle();
    // The second lists the step, sees the first's claim stand, and leaves the task to it.
    assertThat(takeRequests()).containsExactly(LISTING);

    finish.countDown();
    assertThat(handled.next().result()).isEqualTo(StepResult.ADVANCED);
    waits.idle(); // the first lists again, its slot free, and finds nothing
    assertThat(takeRequests())
        .containsExactly(
            "PUT /rest/tasks/1 {\"currentStep\":12,\"status\":\"active\",\"context\":"
                + "{\"emailSent\":\"yes\",\"copilotzClaim\":null}}",
            LISTING);
    assertThat(stored(1).path("context").path("copilotzClaim").isNull()).isTrue();
    assertThat(stored(1).path("currentStep").asLong()).isEqualTo(COMPLETE);
    assertThat(ranBy).containsExactly("first");
    assertThat(second.stats().handled(StepResult.CLAIMED)).isZero();
  }

  @Test
  void aClaimLeftByACrashedInstanceHoldsUntilItExpiresThenTheHandlerIsToldOfIt() throws Exception {
    put(1, EMAIL, "active");
    Set<Long> sent = ConcurrentHashMap.newKeySet();
    List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    CountDownLatch worked = new CountDownLatch(1);
    Instant firstClaim = clock.instant();
    StepHandler.Delivered sendOnce =
        (task, delivery) -> {
          deliveries.add(delivery);
          if (!delivery.redelivered() || !sent.contains(task.getId())) {
            sent.add(task.getId()); // the email is sent ...
          }
          worked.countDown();
          new CountDownLatch(1).await(); // ... and the process dies before the move is written
          return StepAction.advance();
        };
    StepWorker crashed =
        started(client().stepWorker(EMAIL).claims(Duration.ofMinutes(5)), sendOnce);
    assertThat(worked.await(60, TimeUnit.SECONDS)).isTrue();
    crashed.close(Duration.ZERO);
    assertThat(handled.next().result()).isEqualTo(StepResult.ABANDONED);
    assertThat(stored(1).path("context").path("copilotzClaim").path("claimedAt").asText())
        .isEqualTo(firstClaim.toString());
    takeRequests();

    // Restarted: the claim stands for its five minutes, then the task is handed out again, and
    // the handler learns that an earlier delivery may have done the work.
    List<String> ran = new CopyOnWriteArrayList<>();
    started(
        client().stepWorker(EMAIL).claims(Duration.ofMinutes(5)),
        (task, delivery) -> {
          deliveries.add(delivery);
          ran.add(task.getId() + (delivery.redelivered() ? " again" : " first"));
          if (!sent.contains(task.getId())) {
            sent.add(task.getId());
          }
          return StepAction.advance();
        });
    Waits.Wait held = waits.idle();
    assertThat(takeRequests()).containsExactly(LISTING);
    clock.advance(Duration.ofMinutes(5));
    Instant secondClaim = clock.instant();
    held.end();

    assertThat(handled.next().result()).isEqualTo(StepResult.ADVANCED);
    assertThat(ran).containsExactly("1 again");
    assertThat(sent).containsExactly(1L);
    assertThat(deliveries.get(1))
        .isEqualTo(
            new Delivery(
                1, Optional.of(firstClaim), Optional.of(secondClaim.plus(Duration.ofMinutes(5)))));
    List<String> second = takeRequests();
    assertThat(second.get(2)).contains("\"deliveries\":2");
    assertThat(stored(1).path("context").path("copilotzClaim").isNull()).isTrue();
  }

  @Test
  void aHandlerExceptionIsLoggedWithItsStackTraceOncePerAttempt() throws Exception {
    put(1, EMAIL, "active");
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Logger log = Logger.getLogger("com.copilotz.tasks.worker");
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    try {
      started(
          client().stepWorker(EMAIL).maxAttempts(2),
          task -> {
            throw new IllegalStateException("the mailer is down");
          });
      waits.next().end();
      assertThat(handled.next().result()).isEqualTo(StepResult.FAILED);
    } finally {
      log.removeHandler(capture);
    }

    List<LogRecord> thrown = records.stream().filter(record -> record.getThrown() != null).toList();
    assertThat(thrown).hasSize(2);
    assertThat(thrown)
        .allSatisfy(
            record -> {
              assertThat(record.getLevel()).isEqualTo(Level.WARNING);
              assertThat(record.getThrown()).hasMessage("the mailer is down");
            });
    assertThat(thrown.get(0).getMessage())
        .isEqualTo("A StepHandler threw on task 1 (attempt 1 of 2)");
  }
}
