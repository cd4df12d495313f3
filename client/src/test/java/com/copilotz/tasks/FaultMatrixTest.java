package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.errors.InvalidResponseException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.errors.UnconfirmedWriteException;
import com.copilotz.tasks.errors.UnexpectedStatusCodeException;
import com.copilotz.tasks.internal.auth.CredentialsTokenProvider;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.SocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Each fault a backend job meets behind proxies, with the outcome the SDK promises for it. */
class FaultMatrixTest {
  /**
   * Ten times and more what an answer of the test server needs on a busy machine. A stall below
   * never ends on its own (MockWebServer releases it when the server closes), so the timeout is the
   * only way out.
   */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  /** A response whose body stops after 20 bytes and never resumes while the test runs. */
  static MockResponse stallingMidBody() {
    return json(TASK_JSON).newBuilder().throttleBody(20, 10, TimeUnit.MINUTES).build();
  }

  /** A request the server reads and never answers. */
  static MockResponse neverAnswered() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
  }

  @StartStop final MockWebServer server = Wire.server();
  final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  TasksClient client;

  @BeforeEach
  void setUp() {
    client = client(TasksClient.builder());
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  TasksClient client(TasksClient.Builder builder) {
    return builder
        .baseUrl(server.url("/").toString())
        .accessToken(Wire.TOKEN)
        .readTimeout(READ_TIMEOUT)
        .sleeper(waits::add)
        .build();
  }

  enum Body {
    ENVELOPE,
    HTML,
    EMPTY,
    TRUNCATED
  }

  static MockResponse failure(int status, Body body) {
    MockResponse.Builder response = new MockResponse.Builder().code(status);
    switch (body) {
      case ENVELOPE:
        return response
            .setHeader("Content-Type", "application/json")
            .body("{\"error\":{\"message\":\"busy\",\"status\":" + status + "}}")
            .build();
      case HTML:
        return response
            .setHeader("Content-Type", "text/html")
            .body(
                "<html><head><title>"
                    + status
                    + " from the gateway</title></head><body>nginx</body></html>")
            .build();
      case EMPTY:
        return response.build();
      default:
        return response
            .setHeader("Content-Type", "application/json")
            .body("{\"error\":{\"mess")
            .setHeader("Content-Length", 400)
            .onResponseEnd(new SocketEffect.CloseSocket())
            .build();
    }
  }

  static Stream<Arguments> statusesAndBodies() {
    List<Arguments> cases = new ArrayList<>();
    for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
      for (Body body : Body.values()) {
        cases.add(Arguments.of(status, body));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} with {1} body, then 200")
  @MethodSource("statusesAndBodies")
  void aGetSucceedsAfterATransientFailure(int status, Body body) {
    server.enqueue(failure(status, body));
    server.enqueue(json(TASK_JSON));

    assertThat(client.getTask(7).getId()).isEqualTo(7L);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0} with {1} body, three times")
  @MethodSource("statusesAndBodies")
  void exhaustedRetriesRaiseTheTypedExceptionOfTheLastAnswer(int status, Body body) {
    for (int i = 0; i < 3; i++) {
      server.enqueue(failure(status, body));
    }

    CopilotzApiException e =
        catchThrowableOfType(CopilotzApiException.class, () -> client.getTask(7));

    Class<?> expected =
        status == 408
            ? UnexpectedStatusCodeException.class
            : status == 429 ? RateLimitException.class : InternalServerException.class;
    assertThat(e).isInstanceOf(expected);
    assertThat(e.statusCode()).isEqualTo(status);
    String message =
        body == Body.ENVELOPE
            ? "busy"
            : body == Body.HTML
                ? status + " from the gateway"
                : body == Body.TRUNCATED ? "{\"error\":{\"mess" : "";
    assertThat(e.errorMessage()).isEqualTo(message);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void retryAfterInSecondsIsWaited() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "7").build());
    server.enqueue(json(TASK_JSON));

    client.getTask(7);

    assertThat(waits).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterAsAnHttpDateIsWaited() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    client.close();
    client = client(TasksClient.builder().clock(clock));
    String inThirtySeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            clock.instant().plusSeconds(30).atZone(ZoneOffset.UTC));
    server.enqueue(
        new MockResponse.Builder().code(429).setHeader("Retry-After", inThirtySeconds).build());
    server.enqueue(json(TASK_JSON));

    client.getTask(7);

    assertThat(waits).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void withoutRetryAfterTheBackoffApplies() {
    server.enqueue(new MockResponse.Builder().code(502).build());
    server.enqueue(json(TASK_JSON));

    client.getTask(7);

    assertThat(waits)
        .singleElement()
        .satisfies(
            wait -> assertThat(wait).isBetween(Duration.ofMillis(375), Duration.ofMillis(500)));
  }

  @Test
  void anAbsurdRetryAfterIsCappedAndTheCapIsConfigurable() {
    client.close();
    client = client(TasksClient.builder().maxRetryAfter(Duration.ofSeconds(5)));
    server.enqueue(
        new MockResponse.Builder().code(503).setHeader("Retry-After", "999999999").build());
    server.enqueue(json(TASK_JSON));

    client.getTask(7);

    assertThat(waits).containsExactly(Duration.ofSeconds(5));
  }

  /** Refuses the first {@code refusals} connections, as a server not yet listening would. */
  static final class RefusingSocketFactory extends SocketFactory {
    final AtomicInteger refusals;

    RefusingSocketFactory(int refusals) {
      this.refusals = new AtomicInteger(refusals);
    }

    @Override
    public Socket createSocket() {
      return new Socket() {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
          if (refusals.getAndDecrement() > 0) {
            throw new ConnectException("Connection refused");
          }
          super.connect(endpoint, timeout);
        }
      };
    }

    @Override
    public Socket createSocket(String host, int port) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void aConnectionRefusedBeforeAnythingWasWrittenIsRetriedEvenForACreate() throws Exception {
    OkHttpClient refusingTwice =
        new OkHttpClient.Builder().socketFactory(new RefusingSocketFactory(2)).build();
    try (TasksClient flaky = client(TasksClient.builder().okHttpClient(refusingTwice))) {
      server.enqueue(json(TASK_JSON));

      assertThat(flaky.createTask(row("E1")).getId()).isEqualTo(7L);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(Wire.take(server).getMethod()).isEqualTo("POST");
    assertThat(waits).hasSize(2);
  }

  @Test
  void aGetIsRetriedAfterTheConnectionResetsOnceTheRequestWasWritten() {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(TASK_JSON));

    assertThat(client.getTask(7).getId()).isEqualTo(7L);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aGetIsRetriedAfterAResponseStallsMidBody() {
    server.enqueue(stallingMidBody());
    server.enqueue(json(TASK_JSON));

    assertThat(client.getTask(7).getId()).isEqualTo(7L);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aStallThatNeverEndsIsATimeout() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(stallingMidBody());
    }

    assertThatThrownBy(() -> client.getTask(7))
        .isInstanceOf(com.copilotz.tasks.errors.CopilotzTimeoutException.class);
  }

  @Test
  void malformedJsonInA200IsAnInvalidResponseAndIsNotRetried() {
    server.enqueue(json("{\"_id\": 7, \"status\": }"));

    assertThatThrownBy(() -> client.getTask(7)).isInstanceOf(InvalidResponseException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anHtmlPageInA200IsAnInvalidResponse() {
    server.enqueue(Wire.text(200, "text/html", "<!doctype html><html><body>Sign in</body></html>"));

    assertThatThrownBy(() -> client.getTask(7)).isInstanceOf(InvalidResponseException.class);
  }

  @Test
  void jsonUnderAnUnexpectedContentTypeIsStillRead() {
    server.enqueue(Wire.text(200, "text/plain", TASK_JSON));

    assertThat(client.getTask(7).getId()).isEqualTo(7L);
  }

  static CreateTaskRequest row(String extId) {
    return new CreateTaskRequest()
        .extId(extId)
        .status(TaskStatus.ACTIVE)
        .name("Refund")
        .description("Refund order 1")
        .context(Map.of("order", 1));
  }

  /** Ways a create can fail after the request may have reached the server. */
  enum Ambiguity {
    READ_TIMEOUT(neverAnswered()),
    STALL_MID_BODY(stallingMidBody()),
    RESET_AFTER_WRITE(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build()),
    TRUNCATED_SUCCESS(
        json(TASK_JSON.substring(0, 60))
            .newBuilder()
            .setHeader("Content-Length", TASK_JSON.length())
            .onResponseEnd(new SocketEffect.CloseSocket())
            .build()),
    HTTP_408(failure(408, Body.HTML)),
    HTTP_502(failure(502, Body.HTML)),
    HTTP_503(failure(503, Body.EMPTY)),
    HTTP_504(failure(504, Body.ENVELOPE));

    final MockResponse response;

    Ambiguity(MockResponse response) {
      this.response = response;
    }
  }

  void serveWithFirstCreateFailing(
      BackendWithFaults store, Ambiguity ambiguity, boolean serverActed) {
    AtomicBoolean failed = new AtomicBoolean();
    store.faults(
        request -> {
          if (request.getMethod().equals("POST") && failed.compareAndSet(false, true)) {
            if (serverActed) {
              store.answer(request);
            }
            return ambiguity.response;
          }
          return null;
        });
    server.setDispatcher(store);
  }

  @ParameterizedTest(name = "{0}, after the server created the task")
  @EnumSource(Ambiguity.class)
  void anAmbiguousCreateThatTheServerActedOnIsFoundNotRepeated(Ambiguity ambiguity) {
    BackendWithFaults store = new BackendWithFaults();
    serveWithFirstCreateFailing(store, ambiguity, true);

    assertThat(client.createTask(row("REFUND-1")).getExtId()).isEqualTo("REFUND-1");

    assertThat(store.withExtId("REFUND-1")).hasSize(1);
    assertThat(store.createsByExtId.get("REFUND-1")).hasValue(1);
  }

  @ParameterizedTest(name = "{0}, before the server acted")
  @EnumSource(Ambiguity.class)
  void anAmbiguousCreateThatTheServerDidNotActOnIsSentAgainOnce(Ambiguity ambiguity) {
    BackendWithFaults store = new BackendWithFaults();
    serveWithFirstCreateFailing(store, ambiguity, false);

    assertThat(client.createTask(row("REFUND-2")).getExtId()).isEqualTo("REFUND-2");

    assertThat(store.withExtId("REFUND-2")).hasSize(1);
  }

  @ParameterizedTest(name = "{0}, async")
  @EnumSource(Ambiguity.class)
  void theAsyncClientRecoversAmbiguousCreatesToo(Ambiguity ambiguity) throws Exception {
    BackendWithFaults store = new BackendWithFaults();
    serveWithFirstCreateFailing(store, ambiguity, true);
    client.close();
    client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .readTimeout(READ_TIMEOUT)
            .build();

    client.async().createTask(row("REFUND-3")).get(120, TimeUnit.SECONDS);

    assertThat(store.withExtId("REFUND-3")).hasSize(1);
  }

  @Test
  void aTaskWithTheSameExtIdButOtherFieldsIsNotTakenForTheCreate() {
    BackendWithFaults store = new BackendWithFaults();
    store.seed("REFUND-4", "completed", "An older refund", "Refund order 0", null);
    serveWithFirstCreateFailing(store, Ambiguity.HTTP_502, false);

    assertThat(client.createTask(row("REFUND-4")).getName()).isEqualTo("Refund");
    assertThat(store.withExtId("REFUND-4")).hasSize(2);
  }

  @Test
  void aCreateWithoutExtIdIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> client.createTask(row("x").extId(null)))
        .isInstanceOf(NullPointerException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anAmbiguousLoginIsRaisedAsItIs() {
    server.enqueue(failure(502, Body.HTML));
    try (TasksClient login =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .credentials("u", "p", "n")
            .sleeper(waits::add)
            .build()) {
      assertThatThrownBy(() -> login.getTask(7)).isInstanceOf(InternalServerException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void whenTheLookupFailsTooTheAmbiguousFailureIsRaised() {
    server.enqueue(failure(504, Body.ENVELOPE));
    for (int i = 0; i < 3; i++) {
      server.enqueue(failure(500, Body.ENVELOPE));
    }

    UnconfirmedWriteException unconfirmed =
        catchThrowableOfType(UnconfirmedWriteException.class, () -> client.createTask(row("E9")));
    InternalServerException e = (InternalServerException) unconfirmed.getCause();

    assertThat(e.statusCode()).isEqualTo(504);
    assertThat(unconfirmed.getSuppressed())
        .singleElement()
        .isInstanceOf(InternalServerException.class);
    assertThat(unconfirmed)
        .hasMessageContaining("the task may have been created; findByExtId(\"E9\") finds it");
    assertThat(unconfirmed.task()).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  /**
   * 64 threads (half of them through the async client) share one client while its token expires
   * again and again. The clock moves with the work, not with wall time: the threads make their
   * calls in phases, and the clock moves one step between phases, when no call is in flight. So the
   * same number of refresh periods passes on any machine, fast or slow, and no token can expire
   * under a call already sent.
   */
  @Test
  void sixtyFourThreadsShareOneClientWhileItsTokenExpiresAndRefreshes() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));
    Duration lifetime = Duration.ofMinutes(10);
    int threadCount = 64;
    int phases = 50;
    int callsPerPhase = 10;
    Duration step = Duration.ofMinutes(1);
    Map<String, Instant> tokens = new ConcurrentHashMap<>();
    AtomicInteger logins = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getTarget().equals("/api/auth/login")) {
              String token = "tk_" + logins.incrementAndGet();
              Instant expiresAt = clock.instant().plus(lifetime);
              tokens.put(token, expiresAt);
              return json(
                  "{\"accessToken\":\"" + token + "\",\"expiresAt\":\"" + expiresAt + "\"}");
            }
            String authorization = request.getHeaders().get("Authorization");
            Instant expiresAt =
                authorization == null
                    ? null
                    : tokens.get(authorization.substring("Bearer ".length()));
            if (expiresAt == null || !clock.instant().isBefore(expiresAt)) {
              rejected.incrementAndGet();
              return json(401, "{\"error\":{\"message\":\"expired\"}}");
            }
            return json(TASK_JSON);
          }
        });
    TasksClient shared =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .credentials("load", "test", "acme")
            .clock(clock)
            .build();
    Instant start = clock.instant();
    CyclicBarrier endOfPhase = new CyclicBarrier(threadCount, () -> clock.advance(step));
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(threadCount);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      boolean async = t % 2 == 1;
      results.add(
          threads.submit(
              () -> {
                int ok = 0;
                for (int phase = 0; phase < phases; phase++) {
                  for (int i = 0; i < callsPerPhase; i++) {
                    try {
                      long id =
                          async
                              ? shared.async().getTask(7).join().getId()
                              : shared.getTask(7).getId();
                      ok += id == 7 ? 1 : 0;
                    } catch (RuntimeException e) {
                      errors.add(e);
                    }
                  }
                  endOfPhase.await(120, TimeUnit.SECONDS);
                }
                return ok;
              }));
    }
    int succeeded = 0;
    for (Future<Integer> result : results) {
      succeeded += result.get(300, TimeUnit.SECONDS);
    }
    threads.shutdown();
    Duration lastCallAt = Duration.between(start, clock.instant()).minus(step);

    assertThat(errors).isEmpty();
    assertThat(succeeded).isEqualTo(threadCount * phases * callsPerPhase);
    assertThat(rejected).hasValue(0);
    assertThat(lastCallAt).isGreaterThan(lifetime.multipliedBy(4));
    // A token is used until one minute before it expires: a login at the start, then one per
    // refresh period.
    long refreshPeriodMillis = lifetime.minus(CredentialsTokenProvider.REFRESH_MARGIN).toMillis();
    assertThat((long) logins.get()).isEqualTo(lastCallAt.toMillis() / refreshPeriodMillis + 1);
    OkHttpClient http = shared.core().httpClient;
    assertThat(http.connectionPool().connectionCount())
        .isEqualTo(http.connectionPool().idleConnectionCount());

    shared.close();

    assertThat(http.dispatcher().executorService().awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(http.connectionPool().connectionCount()).isZero();
  }
}
