package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * How many requests a client runs at once: latches in the server prove that N requests are in
 * flight together (a server answers none of them until all N have arrived), so nothing here depends
 * on time.
 */
class ConcurrencyTest {
  @StartStop final MockWebServer server = Wire.server();

  /**
   * Answers no request until {@code together} requests are in flight at once; then answers each
   * with {@code answer}. A client that runs fewer at once leaves its first requests waiting until
   * the latch gives up (a bound on a hang only), and they are answered 503.
   */
  static final class AllAtOnce extends Dispatcher {
    final CountDownLatch arrived;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final MockResponse answer;

    AllAtOnce(int together, MockResponse answer) {
      this.arrived = new CountDownLatch(together);
      this.answer = answer;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        arrived.countDown();
        return arrived.await(60, TimeUnit.SECONDS)
            ? answer
            : json(503, "{\"error\":{\"message\":\"not together\"}}");
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  TasksClient.Builder builder() {
    return TasksClient.builder()
        .baseUrl(server.url("/").toString())
        .accessToken(Wire.TOKEN)
        .maxRetries(0);
  }

  @Test
  void fortyAsyncCallsAreInFlightAtOnceByDefault() {
    AllAtOnce together = new AllAtOnce(40, json(TASK_JSON));
    server.setDispatcher(together);

    try (TasksClient client = builder().build()) {
      List<CompletableFuture<Task>> calls =
          IntStream.range(0, 40)
              .mapToObj(i -> client.async().getTask(7))
              .collect(Collectors.toList());
      assertThat(calls).allSatisfy(call -> assertThat(call.join().getId()).isEqualTo(7L));
      OkHttpClient http = client.core().httpClient;
      assertThat(http.dispatcher().getMaxRequestsPerHost())
          .isEqualTo(TasksClient.DEFAULT_MAX_CONCURRENT_REQUESTS);
      assertThat(http.dispatcher().getMaxRequests())
          .isEqualTo(TasksClient.DEFAULT_MAX_CONCURRENT_REQUESTS);
      // Every connection the fan-out opened is kept for the next one (OkHttp's default pool keeps
      // 5).
      assertThat(http.connectionPool().idleConnectionCount()).isEqualTo(40);
    }

    assertThat(together.arrived.getCount()).isZero();
    assertThat(together.mostInFlight.get()).isEqualTo(40);
    assertThat(server.getRequestCount()).isEqualTo(40);
  }

  @Test
  void sixtyFourBlockingCallsOnSixtyFourThreadsAreInFlightAtOnce() throws Exception {
    AllAtOnce together = new AllAtOnce(64, json(TASK_JSON));
    server.setDispatcher(together);
    ExecutorService threads = Executors.newFixedThreadPool(64);

    try (TasksClient client = builder().build()) {
      List<Future<Task>> calls = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        calls.add(threads.submit(() -> client.getTask(7)));
      }
      for (Future<Task> call : calls) {
        assertThat(call.get().getId()).isEqualTo(7L);
      }
      assertThat(client.core().httpClient.connectionPool().idleConnectionCount()).isEqualTo(64);
    } finally {
      threads.shutdownNow();
    }

    assertThat(together.mostInFlight.get()).isEqualTo(64);
  }

  @Test
  void theLimitRunsThatManyAndQueuesTheRest() throws InterruptedException {
    CountDownLatch fourArrived = new CountDownLatch(4);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger mostInFlight = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            fourArrived.countDown();
            release.await(60, TimeUnit.SECONDS);
            inFlight.decrementAndGet();
            return json(TASK_JSON);
          }
        });

    try (TasksClient client = builder().maxConcurrentRequests(4).build()) {
      List<CompletableFuture<Task>> calls =
          IntStream.range(0, 6)
              .mapToObj(i -> client.async().getTask(7))
              .collect(Collectors.toList());
      assertThat(fourArrived.await(60, TimeUnit.SECONDS)).isTrue();
      okhttp3.Dispatcher dispatcher = client.core().httpClient.dispatcher();
      assertThat(dispatcher.runningCallsCount()).isEqualTo(4);
      assertThat(dispatcher.queuedCallsCount()).isEqualTo(2);
      assertThat(server.getRequestCount()).isEqualTo(4);
      release.countDown();
      assertThat(calls).allSatisfy(call -> assertThat(call.join().getId()).isEqualTo(7L));
    }

    assertThat(mostInFlight.get()).isEqualTo(4);
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void aUsersOkHttpClientKeepsItsDispatcherUnlessTheLimitIsSet() {
    OkHttpClient users = new OkHttpClient();
    try (TasksClient kept = builder().okHttpClient(users).build()) {
      assertThat(kept.core().httpClient.dispatcher()).isSameAs(users.dispatcher());
      assertThat(kept.core().httpClient.connectionPool()).isSameAs(users.connectionPool());
    }

    try (TasksClient raised = builder().okHttpClient(users).maxConcurrentRequests(32).build()) {
      okhttp3.Dispatcher sdk = raised.core().httpClient.dispatcher();
      assertThat(sdk).isNotSameAs(users.dispatcher());
      assertThat(sdk.getMaxRequestsPerHost()).isEqualTo(32);
      assertThat(sdk.getMaxRequests()).isEqualTo(32);
      // On the user's threads; the user's dispatcher keeps OkHttp's defaults, and its pool is still
      // shared.
      assertThat(sdk.executorService()).isSameAs(users.dispatcher().executorService());
      assertThat(users.dispatcher().getMaxRequestsPerHost()).isEqualTo(5);
      assertThat(users.dispatcher().getMaxRequests()).isEqualTo(64);
      assertThat(raised.core().httpClient.connectionPool()).isSameAs(users.connectionPool());
    }
    // Closing the SDK's client left the user's threads running.
    assertThat(users.dispatcher().executorService().isShutdown()).isFalse();
  }

  @Test
  void theLimitIsCheckedWhenSet() {
    assertThatThrownBy(() -> TasksClient.builder().maxConcurrentRequests(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConcurrentRequests must be at least 1, was 0");
  }

  @Test
  void aSyncOfConcurrencySixteenHasSixteenRowsInFlight() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    CountDownLatch sixteenLookups = new CountDownLatch(16);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            if ("POST".equals(request.getMethod())) {
              return json(TASK_JSON);
            }
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
              sixteenLookups.countDown();
              return sixteenLookups.await(60, TimeUnit.SECONDS)
                  ? json("{\"data\":[]}")
                  : json(503, "{\"error\":{\"message\":\"not together\"}}");
            } finally {
              inFlight.decrementAndGet();
            }
          }
        });
    List<CreateTaskRequest> rows =
        IntStream.range(0, 16)
            .mapToObj(
                i ->
                    new CreateTaskRequest()
                        .extId("CRM-" + i)
                        .status(TaskStatus.ACTIVE)
                        .name("n")
                        .description("d"))
            .collect(Collectors.toList());

    try (TasksClient client = builder().build()) {
      SyncReport report = client.taskSync().concurrency(16).build().run(rows);
      assertThat(report.failures()).isEmpty();
      assertThat(report.created()).isEqualTo(16);
    }

    assertThat(mostInFlight.get()).isEqualTo(16);
    assertThat(server.getRequestCount()).isEqualTo(32);
  }
}
