package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskSyncTest {
  @StartStop final MockWebServer server = Wire.server();
  final BackendWithFaults store = new BackendWithFaults();
  final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  TasksClient client;

  @BeforeEach
  void setUp() {
    server.setDispatcher(store);
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

  static CreateTaskRequest row(int i) {
    return new CreateTaskRequest()
        .extId("REC-" + i)
        .status(TaskStatus.ACTIVE)
        .name("Record " + i)
        .description("Synced from the CRM")
        .context(Map.of("index", i, "tier", i % 3 == 0 ? "gold" : "basic"));
  }

  @Test
  void aThousandRecordsWithFailuresAndRateLimitsNeverDuplicateAnExtId() {
    for (int i = 0; i < 300; i++) {
      // A third of the seeded tasks already match; the others differ in their name or context.
      Map<String, Object> context = Map.of("index", i, "tier", i % 3 == 0 ? "gold" : "basic");
      store.seed(
          "REC-" + i,
          "active",
          i % 3 == 1 ? "Old name" : "Record " + i,
          "Synced from the CRM",
          i % 3 == 2 ? Map.of("index", i, "tier", "bronze") : context);
    }
    Set<String> failingCreates =
        IntStream.range(300, 1000)
            .filter(i -> i % 97 == 0)
            .mapToObj(i -> "REC-" + i)
            .collect(Collectors.toSet());
    Map<String, AtomicInteger> limitedLookups = new ConcurrentHashMap<>();
    AtomicInteger requests = new AtomicInteger();
    // The first two lookups wait for each other: they only both arrive when rows run at the same
    // time.
    CountDownLatch twoAtOnce = new CountDownLatch(2);
    store.faults(
        request -> {
          if (request.getMethod().equals("GET") && twoAtOnce.getCount() > 0) {
            twoAtOnce.countDown();
            try {
              twoAtOnce.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          String extId = request.getUrl().queryParameter("extId");
          if (extId != null
              && Integer.parseInt(extId.substring(4)) % 150 == 5
              && limitedLookups.computeIfAbsent(extId, k -> new AtomicInteger()).incrementAndGet()
                  <= 4) {
            return new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build();
          }
          if (requests.incrementAndGet() % 50 == 0) {
            return new MockResponse.Builder().code(429).build();
          }
          if (request.getMethod().equals("POST")
              && failingCreates.stream()
                  .anyMatch(e -> request.getBody().utf8().contains("\"" + e + "\""))) {
            return Wire.json(
                500, "{\"error\":{\"message\":\"NOT NULL constraint failed: tasks.name\"}}");
          }
          return null;
        });
    List<CreateTaskRequest> rows =
        IntStream.range(0, 1000).mapToObj(TaskSyncTest::row).collect(Collectors.toList());
    rows.add(row(10).name("A later row with the same extId"));
    rows.add(row(999).description("another duplicate"));
    rows.add(
        new CreateTaskRequest().extId("REC-BAD").status(TaskStatus.ACTIVE).description("no name"));
    AtomicReference<SyncProgress> last = new AtomicReference<>();
    List<Long> done = Collections.synchronizedList(new ArrayList<>());

    SyncReport report =
        client
            .taskSync()
            .onProgress(
                p -> {
                  last.set(p);
                  done.add(p.done());
                })
            .build()
            .run(rows);

    assertThat(report.created()).isEqualTo(700 - failingCreates.size());
    assertThat(report.updated()).isEqualTo(200);
    assertThat(report.unchanged()).isEqualTo(100);
    assertThat(report.failures())
        .extracting(SyncFailure::extId)
        .containsExactlyInAnyOrderElementsOf(
            concat(failingCreates, List.of("REC-10", "REC-999", "REC-BAD")));
    assertThat(report.failures())
        .filteredOn(f -> failingCreates.contains(f.extId()))
        .allSatisfy(f -> assertThat(f.error()).isInstanceOf(InternalServerException.class));
    assertThat(report.failures())
        .filteredOn(f -> f.extId().equals("REC-10"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.row()).isEqualTo(1001);
              assertThat(f.error())
                  .hasMessage(
                      "extId REC-10 appears again at row 1001; the first row with it was synced");
            });
    assertThat(report.failures())
        .filteredOn(f -> f.extId().equals("REC-BAD"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.error())
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("request.name is required"));
    assertThat(store.createsByExtId.values())
        .allSatisfy(creates -> assertThat(creates).hasValue(1));
    assertThat(store.withExtId("REC-10"))
        .singleElement()
        .satisfies(t -> assertThat(t.path("name").asText()).isEqualTo("Record 10"));
    assertThat(store.size()).isEqualTo(1000 - failingCreates.size());
    // Four lookups of each of these extIds were answered 429: beyond the client's two retries, so
    // the sync paused.
    assertThat(limitedLookups)
        .hasSize(7)
        .allSatisfy((extId, count) -> assertThat(count.get()).isGreaterThanOrEqualTo(5));
    assertThat(waits).contains(Duration.ofSeconds(1));
    assertThat(twoAtOnce.getCount()).as("two rows were in flight at once").isZero();
    assertThat(store.mostInFlight.get()).isBetween(2, TaskSync.DEFAULT_CONCURRENCY);
    assertThat(last.get())
        .isEqualTo(new SyncProgress(1003, 1003, report.created(), 200, 100, report.failed()));
    assertThat(done).hasSize(1003).doesNotHaveDuplicates();

    store.faults(request -> null);
    SyncReport second = client.taskSync().build().run(rows.subList(0, 1000));
    assertThat(second.created()).isEqualTo(failingCreates.size());
    assertThat(second.failed()).isZero();

    int writesBefore = store.writes.get();
    SyncReport third = client.taskSync().build().run(rows.stream());
    assertThat(third.writes()).isZero();
    assertThat(third.unchanged()).isEqualTo(1000);
    assertThat(store.writes.get()).isEqualTo(writesBefore);
    assertThat(store.createsByExtId.values())
        .allSatisfy(creates -> assertThat(creates).hasValue(1));
  }

  @Test
  void prefetchReadsEveryTaskOnceAndThenOnlyWrites() {
    for (int i = 0; i < 50; i++) {
      store.seed(
          "REC-" + i,
          "active",
          "Record " + i,
          "Synced from the CRM",
          Map.of("index", i, "tier", i % 3 == 0 ? "gold" : "basic"));
    }
    List<CreateTaskRequest> rows =
        IntStream.range(0, 120).mapToObj(TaskSyncTest::row).collect(Collectors.toList());
    rows.set(7, row(7).name("Renamed"));

    SyncReport first = client.taskSync().prefetch().build().run(rows);
    int afterFirst = server.getRequestCount();
    SyncReport rerun = client.taskSync().prefetch().build().run(rows);

    assertThat(first.created()).isEqualTo(70);
    assertThat(first.updated()).isEqualTo(1);
    assertThat(first.unchanged()).isEqualTo(49);
    // One listing, 70 creates, and for the renamed row a read of the stored task (the prefetch
    // keeps only its
    // fingerprint) and the PUT of what differs.
    assertThat(afterFirst).isEqualTo(1 + 70 + 2);
    assertThat(rerun.writes()).isZero();
    assertThat(server.getRequestCount() - afterFirst).isEqualTo(1);
    assertThat(store.createsByExtId.values())
        .allSatisfy(creates -> assertThat(creates).hasValue(1));
  }

  @Test
  void prefetchComparesContextsAsJsonValuesAndRereadsOnlyWhatDiffers() {
    store.seed(
        "CTX-1",
        "active",
        "Same",
        "d",
        Map.of("n", 3, "tags", List.of("a", "b"), "nested", Map.of("x", 1.0)));
    store.seed(
        "CTX-2", "active", "Extra keys", "d", Map.of("n", 1, "agentState", "set by the agent"));
    store.seed("CTX-3", "active", "No context", "d", null);
    List<CreateTaskRequest> rows =
        List.of(
            new CreateTaskRequest()
                .extId("CTX-1")
                .status(TaskStatus.ACTIVE)
                .name("Same")
                .description("d")
                .context(Map.of("nested", Map.of("x", 1), "tags", List.of("a", "b"), "n", 3.0)),
            new CreateTaskRequest()
                .extId("CTX-2")
                .status(TaskStatus.ACTIVE)
                .name("Extra keys")
                .description("d")
                .context(Map.of("n", 1)),
            new CreateTaskRequest()
                .extId("CTX-3")
                .status(TaskStatus.ACTIVE)
                .name("No context")
                .description("d"));
    int before = server.getRequestCount();

    SyncReport report = client.taskSync().prefetch().build().run(rows);

    // CTX-1 matches by its fingerprint (numbers by value, keys in any order): no request. CTX-2's
    // stored
    // context has a key the row does not set: its fingerprint differs, so it is read again, and is
    // unchanged.
    assertThat(report.unchanged()).isEqualTo(3);
    assertThat(report.writes()).isZero();
    assertThat(server.getRequestCount() - before).isEqualTo(1 + 1);
  }

  @Test
  void aScopedPrefetchLooksUpExtIdsOutsideItsScope() {
    store.seed(
        "OUTSIDE",
        "active",
        "Record 1",
        "Synced from the CRM",
        Map.of("index", 1, "tier", "basic"));
    CreateTaskRequest outside = row(1).extId("OUTSIDE");

    SyncReport report =
        client
            .taskSync()
            .prefetch(TaskQuery.builder().workflow(99).build())
            .build()
            .run(List.of(outside));

    assertThat(report.unchanged()).isEqualTo(1);
    assertThat(store.withExtId("OUTSIDE")).hasSize(1);
    assertThatThrownBy(() -> client.taskSync().prefetch(null)).hasMessage("scope");
  }

  @Test
  void aRateLimitThatNeverEndsFailsTheRowAfterItsRounds() {
    store.faults(
        request -> new MockResponse.Builder().code(429).setHeader("Retry-After", "2").build());

    SyncReport report = client.taskSync().concurrency(1).build().run(List.of(row(1)));

    assertThat(report.failures())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.error())
                    .isInstanceOf(com.copilotz.tasks.errors.RateLimitException.class));
    int attempts = (TaskSync.MAX_RATE_LIMIT_ROUNDS + 1) * (TasksClient.DEFAULT_MAX_RETRIES + 1);
    assertThat(server.getRequestCount()).isEqualTo(attempts);
  }

  @Test
  void aStreamOfUnknownSizeReportsNoTotal() {
    AtomicReference<SyncProgress> last = new AtomicReference<>();

    SyncReport report =
        client
            .taskSync()
            .concurrency(2)
            .onProgress(last::set)
            .build()
            .run(IntStream.range(0, 5).mapToObj(TaskSyncTest::row).filter(r -> true));

    assertThat(report.created()).isEqualTo(5);
    assertThat(last.get().total()).isEqualTo(-1);
    assertThat(last.get().done()).isEqualTo(5);
  }

  @Test
  void aThrowingListenerDoesNotStopTheSync() {
    SyncReport report =
        client
            .taskSync()
            .onProgress(
                p -> {
                  throw new IllegalStateException("listener bug");
                })
            .build()
            .run(List.of(row(1), row(2)));

    assertThat(report.created()).isEqualTo(2);
  }

  @Test
  void badConfigurationIsRefused() {
    assertThatThrownBy(() -> client.taskSync().concurrency(0))
        .hasMessage("concurrency must be at least 1, was 0");
    assertThatThrownBy(() -> client.taskSync().onProgress(null)).hasMessage("listener");
    assertThatThrownBy(() -> client.taskSync().build().run((List<CreateTaskRequest>) null))
        .hasMessage("desired");
    assertThatThrownBy(() -> TaskSync.builder(null)).hasMessage("client");
  }

  static List<String> concat(Set<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** A workflow 1 → 2 → 3 in the store, for the rows that name it. */
  void seedOnboarding() {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    store.backend.put(
        "steps", json.createObjectNode().put("_id", 1).put("name", "Gather").put("next", 2));
    store.backend.put(
        "steps", json.createObjectNode().put("_id", 2).put("name", "Confirm").put("next", 3));
    store.backend.put("steps", json.createObjectNode().put("_id", 3).put("name", "Complete"));
    com.fasterxml.jackson.databind.node.ObjectNode workflow =
        json.createObjectNode().put("_id", 1).put("name", "Onboarding").put("firstStep", 1);
    workflow.putArray("steps").add(1).add(2).add(3);
    store.backend.put("workflows", workflow);
  }

  /** A row as a CRM export has it: no status, and the workflow but no step. */
  static CreateTaskRequest exported(int i) {
    return new CreateTaskRequest()
        .extId("REC-" + i)
        .workflow(1L)
        .name("Record " + i)
        .description("Synced from the CRM")
        .context(Map.of("index", i));
  }

  void theAgentMovesEveryTask() {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (com.fasterxml.jackson.databind.node.ObjectNode task : store.backend.rows("tasks")) {
      long id = task.get("_id").asLong();
      // Gather, then Confirm, then Complete: completed at step 3.
      for (long step = 1; step <= 3; step++) {
        store.backend.agentSubmit(id, step, true, json.createObjectNode(), json.createObjectNode());
      }
    }
  }

  @Test
  void aRerunAfterTheAgentMovedEveryTaskMakesNoWrite() {
    seedOnboarding();
    List<CreateTaskRequest> rows =
        IntStream.range(0, 20).mapToObj(TaskSyncTest::exported).collect(Collectors.toList());

    SyncReport first = client.taskSync().build().run(rows);
    assertThat(first.created()).isEqualTo(20);
    assertThat(store.backend.rows("tasks"))
        .allSatisfy(
            task -> {
              assertThat(task.path("status").asText()).isEqualTo("active");
              assertThat(task.path("currentStep").asLong()).isEqualTo(1);
            });

    theAgentMovesEveryTask();
    int writesBefore = store.writes.get();
    SyncReport again = client.taskSync().build().run(rows);
    // The same file as another export writes it: with the status every row had then.
    List<CreateTaskRequest> active =
        IntStream.range(0, 20)
            .mapToObj(i -> exported(i).status(TaskStatus.ACTIVE))
            .collect(Collectors.toList());
    SyncReport withStatus = client.taskSync().build().run(active);
    SyncReport prefetched = client.taskSync().prefetch().build().run(active);

    assertThat(again.writes()).isZero();
    assertThat(again.unchanged()).isEqualTo(20);
    assertThat(again.leftToTheAgent()).as("the rows set no field the agent moved").isZero();
    for (SyncReport rerun : List.of(withStatus, prefetched)) {
      assertThat(rerun.writes()).isZero();
      assertThat(rerun.unchanged()).isEqualTo(20);
      assertThat(rerun.leftToTheAgent()).isEqualTo(20);
      assertThat(rerun.failures()).isEmpty();
    }
    assertThat(store.writes.get()).isEqualTo(writesBefore);
    assertThat(store.backend.rows("tasks"))
        .allSatisfy(task -> assertThat(task.path("status").asText()).isEqualTo("completed"));
  }

  @Test
  void aSyncThatOwnsTheStatusWritesItBack() {
    seedOnboarding();
    List<CreateTaskRequest> rows =
        IntStream.range(0, 3)
            .mapToObj(i -> exported(i).status(TaskStatus.ACTIVE))
            .collect(Collectors.toList());
    client.taskSync().build().run(rows);
    theAgentMovesEveryTask();

    SyncReport owned = client.taskSync().owns(WorkflowField.STATUS).build().run(rows);
    SyncReport prefetched =
        client.taskSync().owns(WorkflowField.STATUS).prefetch().build().run(rows);

    assertThat(owned.updated()).isEqualTo(3);
    assertThat(owned.leftToTheAgent()).isZero();
    assertThat(prefetched.writes()).isZero();
    assertThat(prefetched.leftToTheAgent())
        .as("the step is still the agent's: step 3, where the rows name none")
        .isZero();
    assertThat(store.backend.rows("tasks"))
        .allSatisfy(
            task -> {
              assertThat(task.path("status").asText()).isEqualTo("active");
              assertThat(task.path("currentStep").asLong()).isEqualTo(3);
            });
  }
}
