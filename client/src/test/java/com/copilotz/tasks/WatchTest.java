package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.testing.backend.FakeBackend;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Watching a query against the model of the server: the events each listing brings, the baseline,
 * failures and the stop, the listener's thread, and close. The watch's waits are turns the test
 * hands out, so each listing happens when the test says.
 */
class WatchTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = Wire.server();
  final FakeBackend backend = new FakeBackend();
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
  final Turns turns = new Turns();
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();
  volatile java.util.function.Function<RecordedRequest, MockResponse> fault = request -> null;
  TasksClient client;
  TaskWatch watch;

  /** The watch's waits: each one blocks until the test hands out the next turn. */
  static final class Turns implements Sleeper {
    final SynchronousQueue<Duration> asleep = new SynchronousQueue<>();
    final Semaphore wake = new Semaphore(0);

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      asleep.put(duration);
      wake.acquire();
    }

    /** Waits until the watch ended a listing and sleeps; the deadline only bounds a hang. */
    Duration listed() throws InterruptedException {
      Duration wait = asleep.poll(60, TimeUnit.SECONDS);
      assertThat(wait).as("the watch ended a listing").isNotNull();
      return wait;
    }

    /** Lets the watch make its next listing, and waits until it has. */
    Duration next() throws InterruptedException {
      wake.release();
      return listed();
    }
  }

  WatchTest() {
    backend.registerToken(Wire.TOKEN);
    backend.clock(clock);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            MockResponse faulty = fault.apply(request);
            return faulty != null ? faulty : backend.dispatch(request);
          }
        });
  }

  TasksClient client() {
    client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .maxRetries(0)
            .sleeper(turns)
            .clock(clock)
            .build();
    return client;
  }

  @AfterEach
  void close() {
    if (watch != null) {
      watch.close();
    }
    if (client != null) {
      client.close();
    }
  }

  long put(long id, long step, String status, Map<String, Object> context) {
    ObjectNode task =
        JSON.createObjectNode()
            .put("_id", id)
            .put("extId", "E-" + id)
            .put("workflow", 2)
            .put("currentStep", step)
            .put("status", status)
            .put("name", "n")
            .put("description", "d");
    if (context != null) {
      task.set("context", JSON.valueToTree(context));
    }
    clock.advance(Duration.ofSeconds(1));
    return backend.put("tasks", task).get("_id").asLong();
  }

  WatchListener recorder() {
    return new WatchListener() {
      @Override
      public void onEvent(TaskEvent event) {
        threads.add(Thread.currentThread().getName());
        events.add(describe(event));
      }

      @Override
      public void onListingFailed(CopilotzException failure) {
        events.add("failed " + failure.getClass().getSimpleName());
      }

      @Override
      public void onStopped(CopilotzException cause) {
        events.add("stopped " + cause.getClass().getSimpleName());
      }
    };
  }

  static String describe(TaskEvent event) {
    if (event instanceof TaskEvent.Appeared) {
      return "appeared " + event.taskId();
    }
    if (event instanceof TaskEvent.Moved) {
      TaskEvent.Moved moved = (TaskEvent.Moved) event;
      return "moved " + event.taskId() + " " + moved.fromStep() + "->" + moved.toStep();
    }
    if (event instanceof TaskEvent.StatusChanged) {
      TaskEvent.StatusChanged changed = (TaskEvent.StatusChanged) event;
      return "status " + event.taskId() + " " + changed.from() + "->" + changed.to();
    }
    if (event instanceof TaskEvent.ContextChanged) {
      return "context " + event.taskId() + " " + ((TaskEvent.ContextChanged) event).keys();
    }
    return "gone " + event.taskId();
  }

  List<String> takeEvents() {
    List<String> taken = List.copyOf(events);
    events.clear();
    return taken;
  }

  @Test
  void eachListingTellsWhatChangedSinceTheLastAndNothingWhenNothingDid() throws Exception {
    put(1, 1, "active", Map.of("priority", "high"));
    put(2, 1, "active", null);
    put(3, 1, "active", null);
    watch = client().watch(TaskQuery.builder().workflow(2).build()).start(recorder());

    assertThat(turns.listed()).isEqualTo(TaskWatch.DEFAULT_INTERVAL);
    // The first listing only sets the baseline.
    assertThat(takeEvents()).isEmpty();
    assertThat(watch.health().watchedTasks()).isEqualTo(3);

    put(1, 2, "pending", Map.of("priority", "low", "steps", Map.of("Gather", "done")));
    backend.put("tasks", JSON.createObjectNode()); // task 4: no workflow, outside the query
    put(5, 1, "active", null);
    put(3, 1, "active", null); // written again as it was: only updatedAt moved
    client.deleteTask(2);
    turns.next();

    assertThat(takeEvents())
        .containsExactly(
            "moved 1 1->2",
            "status 1 active->pending",
            "context 1 [priority, steps]",
            "appeared 5",
            "gone 2");

    turns.next();
    assertThat(takeEvents()).as("a listing in which nothing changed tells nothing").isEmpty();
    assertThat(watch.health().running()).isTrue();
    assertThat(watch.health().lastListing()).contains(clock.instant());
    assertThat(watch.health().watchedTasks()).isEqualTo(3);
  }

  @Test
  void aWatchThatReportsExistingTasksTellsEveryTaskOfTheFirstListing() throws Exception {
    put(1, 1, "active", null);
    put(2, 1, "active", null);
    watch =
        client()
            .watch(TaskQuery.builder().build())
            .reportExistingTasks()
            .interval(Duration.ofSeconds(30))
            .start(recorder());

    assertThat(turns.listed()).isEqualTo(Duration.ofSeconds(30));
    assertThat(takeEvents()).containsExactly("appeared 1", "appeared 2");
  }

  @Test
  void theAgentsMovesArriveAsEventsCoalescedBetweenListings() throws Exception {
    ObjectNode first = stepRow(11, "Gather", 12L);
    backend.put("steps", first);
    backend.put("steps", stepRow(12, "Confirm", 13L));
    backend.put("steps", stepRow(13, "Complete", null));
    put(1, 11, "active", null);
    watch = client().watch(TaskQuery.builder().workflow(2).build()).start(recorder());
    turns.listed();

    clock.advance(Duration.ofSeconds(1));
    backend.agentSubmit(
        1, 11, true, JSON.createObjectNode(), JSON.createObjectNode().put("email", "a@b"));
    clock.advance(Duration.ofSeconds(1));
    backend.agentSubmit(1, 12, true, JSON.createObjectNode(), JSON.createObjectNode());
    turns.next();

    // Two moves between listings arrive as one.
    assertThat(takeEvents()).containsExactly("moved 1 11->13", "context 1 [state, steps]");

    clock.advance(Duration.ofSeconds(1));
    backend.agentSubmit(1, 13, true, JSON.createObjectNode(), JSON.createObjectNode());
    turns.next();
    assertThat(takeEvents()).containsExactly("status 1 active->completed", "context 1 [steps]");
  }

  static ObjectNode stepRow(long id, String name, Long next) {
    ObjectNode step = JSON.createObjectNode().put("_id", id).put("name", name);
    if (next != null) {
      step.put("next", next);
    }
    return step;
  }

  @Test
  void aFailedListingIsToldAndTriedAgainAfterABackoffAndTheWatchGoesOn() throws Exception {
    put(1, 1, "active", null);
    watch =
        client()
            .watch(TaskQuery.builder().build())
            .interval(Duration.ofMillis(100))
            .start(recorder());
    turns.listed();

    fault = request -> Wire.json(503, "{\"error\":{\"message\":\"busy\"}}");
    Duration wait = turns.next();
    assertThat(takeEvents()).containsExactly("failed InternalServerException");
    assertThat(wait).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
    WatchHealth health = watch.health();
    assertThat(health.running()).isTrue();
    assertThat(health.consecutiveFailures()).isEqualTo(1);
    assertThat(health.lastFailure()).get().isInstanceOf(InternalServerException.class);

    wait = turns.next();
    assertThat(wait).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
    assertThat(watch.health().consecutiveFailures()).isEqualTo(2);

    fault = request -> null;
    put(1, 2, "active", null);
    assertThat(turns.next()).isEqualTo(Duration.ofMillis(100));
    assertThat(takeEvents()).containsExactly("failed InternalServerException", "moved 1 1->2");
    assertThat(watch.health().consecutiveFailures()).isZero();
    assertThat(watch.health().lastFailure()).isEmpty();
  }

  @Test
  void aRateLimitedListingWaitsWhatTheServerAsks() throws Exception {
    watch = client().watch(TaskQuery.builder().build()).start(recorder());
    turns.listed();

    fault =
        request ->
            new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", "42")
                .body("{\"error\":{\"message\":\"slow down\"}}")
                .build();
    assertThat(turns.next()).isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void anAuthenticationFailureStopsTheWatchAndSaysSo() throws Exception {
    watch = client().watch(TaskQuery.builder().build()).start(recorder());
    turns.listed();

    fault = request -> Wire.json(401, "{\"status\":401,\"message\":\"Unauthorized\"}");
    turns.wake.release();
    watchEnded();

    assertThat(takeEvents()).containsExactly("stopped AuthenticationException");
    WatchHealth health = watch.health();
    assertThat(health.running()).isFalse();
    assertThat(health.lastFailure()).get().isInstanceOf(AuthenticationException.class);
  }

  /** Waits until the watch's thread ended; the deadline only bounds a hang. */
  void watchEnded() throws InterruptedException {
    assertThat(watch.awaitEnd(Duration.ofSeconds(60))).as("the watch's thread ended").isTrue();
  }

  @Test
  void theListenerRunsOnTheExecutorGivenOneEventAtATimeInOrder() throws Exception {
    ExecutorService executor =
        Executors.newFixedThreadPool(4, work -> new Thread(work, "listener-pool"));
    try {
      put(1, 1, "active", null);
      put(2, 1, "active", null);
      put(3, 1, "active", null);
      watch =
          client()
              .watch(TaskQuery.builder().build())
              .listenerExecutor(executor)
              .reportExistingTasks()
              .start(recorder());
      turns.listed();
      assertThat(takeEvents()).containsExactly("appeared 1", "appeared 2", "appeared 3");
      assertThat(threads).containsOnly("listener-pool");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void afterCloseReturnsTheListenerIsNeverCalledAgain() throws Exception {
    put(1, 1, "active", null);
    put(2, 1, "active", null);
    put(3, 1, "active", null);
    TaskWatch[] self = new TaskWatch[1];
    Semaphore started = new Semaphore(0);
    watch =
        client()
            .watch(TaskQuery.builder().build())
            .reportExistingTasks()
            .start(
                event -> {
                  events.add(describe(event));
                  try {
                    started.acquire();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  self[0].close();
                });
    self[0] = watch;
    started.release();
    watchEnded();

    // Closed from within the listener, on the first event: the other two are never told.
    assertThat(events).containsExactly("appeared 1");
    assertThat(watch.health().running()).isFalse();
    watch.close();
  }

  @Test
  void closingTheClientStopsItsWatchQuietly() throws Exception {
    watch = client().watch(TaskQuery.builder().build()).start(recorder());
    turns.listed();

    client.close();
    turns.wake.release();
    watchEnded();

    assertThat(takeEvents()).as("neither a failed listing nor a stop is told").isEmpty();
    assertThat(watch.health().running()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void closingStopsTheWaitBetweenListingsAtOnce() throws Exception {
    watch = client().watch(TaskQuery.builder().build()).start(recorder());
    turns.listed();

    watch.close();
    watchEnded();

    assertThat(watch.health().running()).isFalse();
    assertThat(watch).hasToString("TaskWatch[" + TaskQuery.builder().build() + ", running=false]");
  }

  @Test
  void eachListingIsAnObservedOperation() throws Exception {
    ObserverTest.Recorder recorder = new ObserverTest.Recorder();
    client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .sleeper(turns)
            .clock(clock)
            .observer(recorder)
            .build();
    watch = client.watch(TaskQuery.builder().status(TaskStatus.ACTIVE).build()).start(recorder());
    turns.listed();
    turns.next();

    assertThat(
            recorder.events.stream()
                .filter(e -> e.startsWith("start"))
                .collect(Collectors.toList()))
        .containsExactly("start watchTasks", "start watchTasks");
    assertThat(server.takeRequest().getTarget())
        .isEqualTo("/rest/tasks?status=active&limit=100&offset=0");
  }

  @Test
  void badArgumentsAreRefusedAtOnce() {
    TasksClient client = client();
    assertThatThrownBy(() -> client.watch(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("query");
    assertThatThrownBy(() -> client.watch(TaskQuery.builder().build()).interval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval must be positive, was PT0S");
    assertThatThrownBy(() -> client.watch(TaskQuery.builder().build()).start(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("listener");
    assertThat(server.getRequestCount()).isZero();
  }
}
