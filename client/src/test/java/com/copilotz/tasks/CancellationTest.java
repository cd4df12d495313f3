package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling any future the async client returns stops the whole operation: the call in flight is
 * cancelled, and no later call of the operation (the PUT of an advance, the next page, the create
 * of an upsert, a retry) ever starts. Each test stalls one call for good, cancels while it is in
 * flight, then waits until the client's dispatcher is idle: whatever the operation would start next
 * would have started by then.
 */
class CancellationTest {
  @StartStop final MockWebServer server = Wire.server();
  final List<Runnable> heldRetries = Collections.synchronizedList(new ArrayList<>());
  TasksClient client;
  AsyncTasksClient async;

  @BeforeEach
  void setUp() {
    client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .sleeper(
                new Sleeper() {
                  @Override
                  public void sleep(Duration duration) {}

                  @Override
                  public void schedule(Duration duration, Runnable task) {
                    heldRetries.add(task);
                  }
                })
            .build();
    async = client.async();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  static MockResponse stalled() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
  }

  /**
   * Waits until the {@code n}th request reaches the server, then cancels {@code future} and waits
   * for idle.
   */
  List<RecordedRequest> cancelAtRequest(int n, Future<?> future) throws Exception {
    List<RecordedRequest> requests = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      requests.add(take(server));
    }
    assertThat(future.cancel(true)).isTrue();
    AsyncTest.awaitIdle(client);
    assertThat(future.isCancelled()).isTrue();
    assertThat(server.getRequestCount()).as("no call started after the cancel").isEqualTo(n);
    assertThat(heldRetries).as("no retry was scheduled").isEmpty();
    return requests;
  }

  @Test
  void aBlockingCallOnAnInterruptedThreadThrowsATypedExceptionAndKeepsTheFlag() {
    server.enqueue(json(Wire.TASK_JSON));
    try {
      Thread.currentThread().interrupt();
      // The first call opens a connection, and OkHttp (Kotlin) lets the undeclared
      // InterruptedException of that connect out of execute(): it must not escape as it is.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.getTask(7))
          .isInstanceOf(com.copilotz.tasks.errors.CopilotzIOException.class)
          .hasMessageContaining("GET /rest/tasks/7 was interrupted")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void advanceCancelledWhileReadingTheTaskReadsNothingElse() throws Exception {
    server.enqueue(stalled());

    cancelAtRequest(1, async.advance(7));
  }

  @Test
  void advanceCancelledWhileReadingTheStepNeverWrites() throws Exception {
    server.enqueue(json(WorkflowHelpersTest.task(7, 2L, 1L, "active")));
    server.enqueue(stalled());

    List<RecordedRequest> requests = cancelAtRequest(2, async.advance(7, Map.of("k", 1)));

    assertThat(requests).extracting(RecordedRequest::getMethod).containsOnly("GET");
  }

  @Test
  void failCancelledWhileReadingTheStepNeverWrites() throws Exception {
    server.enqueue(json(WorkflowHelpersTest.task(7, 2L, 1L, "active")));
    server.enqueue(stalled());

    cancelAtRequest(2, async.fail(7, "no answer"));
  }

  @Test
  void workflowStepsCancelledMidChainReadsNoFurtherStep() throws Exception {
    server.enqueue(json("{\"_id\":2,\"name\":\"W\",\"firstStep\":1}"));
    server.enqueue(json(WorkflowHelpersTest.step(1, 3L, null)));
    server.enqueue(stalled());

    List<RecordedRequest> requests = cancelAtRequest(3, async.workflowSteps(2));

    assertThat(requests.get(2).getTarget()).isEqualTo("/rest/steps/3");
  }

  @Test
  void findByExtIdCancelledWhileListing() throws Exception {
    server.enqueue(stalled());

    cancelAtRequest(1, async.findByExtId("CRM-1"));
  }

  @Test
  void upsertCancelledWhileLookingUpNeverCreates() throws Exception {
    server.enqueue(stalled());

    cancelAtRequest(1, async.upsertByExtId(row()));
  }

  @Test
  void upsertCancelledWhileCreatingNeitherLooksUpNorSendsAgain() throws Exception {
    server.enqueue(json("{\"data\":[]}"));
    server.enqueue(stalled());

    List<RecordedRequest> requests = cancelAtRequest(2, async.upsertByExtId(row()));

    assertThat(requests.get(1).getMethod()).isEqualTo("POST");
  }

  @Test
  void createCancelledInFlightIsNeitherLookedUpNorRetried() throws Exception {
    server.enqueue(stalled());

    cancelAtRequest(1, async.createTask(row()));
  }

  @Test
  void pagingCancelledMidListingAsksForNoFurtherPage() throws Exception {
    server.enqueue(json("{\"data\":[" + Wire.task(1, "A") + "," + Wire.task(2, "B") + "]}"));
    server.enqueue(stalled());

    List<RecordedRequest> requests =
        cancelAtRequest(2, async.listTasks(TaskQuery.builder().pageSize(2).build()));

    assertThat(requests.get(1).getTarget()).isEqualTo("/rest/tasks?limit=2&offset=2");
  }

  @Test
  void aRetryWaitingWhenTheOperationIsCancelledNeverStarts() throws Exception {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(Wire.TASK_JSON));
    CompletableFuture<?> future = async.getTask(7);
    take(server);
    AsyncTest.awaitIdle(client);
    assertThat(heldRetries).as("the retry after the 503 is waiting").hasSize(1);

    assertThat(future.cancel(true)).isTrue();
    heldRetries.remove(0).run();
    AsyncTest.awaitIdle(client);

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(future).isCancelled();
  }

  /**
   * What the README says of a chain a user builds with thenCompose, and of the future to cancel
   * instead.
   */
  @Test
  void cancellingYourOwnThenComposeFutureDoesNotReachBackIntoTheSdk() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            release.await(60, java.util.concurrent.TimeUnit.SECONDS);
            return json(WorkflowHelpersTest.task(7, 2L, 1L, "active"));
          }
        });
    CompletableFuture<com.copilotz.tasks.model.Task> read = async.getTask(7);
    CompletableFuture<com.copilotz.tasks.model.Task> moved =
        read.thenCompose(task -> async.advance(task.getId()));
    take(server);

    assertThat(moved.cancel(true)).isTrue();
    release.countDown();

    // The GET in flight ran to its end; the function was never called, so no advance started.
    assertThat(read.get(60, java.util.concurrent.TimeUnit.SECONDS).getId()).isEqualTo(7L);
    AsyncTest.awaitIdle(client);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void cancellingTheSdkFutureAChainWaitsOnFailsTheChainAndStartsNothing() throws Exception {
    server.enqueue(stalled());
    CompletableFuture<com.copilotz.tasks.model.Task> read = async.getTask(7);
    CompletableFuture<com.copilotz.tasks.model.Task> moved =
        read.thenCompose(task -> async.advance(task.getId()));

    cancelAtRequest(1, read);

    assertThat(moved).isCompletedExceptionally();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(moved::join))
        .hasCauseInstanceOf(java.util.concurrent.CancellationException.class);
  }

  static CreateTaskRequest row() {
    return new CreateTaskRequest()
        .extId("CRM-1")
        .status(TaskStatus.ACTIVE)
        .name("n")
        .description("d");
  }
}
