package com.copilotz.tasks.testing;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.internal.http.OkHttpVersion;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.backend.FakeBackend;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A stateful, in-memory Copilotz server on loopback, for testing code that uses the Copilotz Tasks
 * client without a network or an account. It answers as the real server was measured to, on the
 * wire:
 *
 * <ul>
 *   <li>{@code /rest/tasks}, {@code /rest/workflows} and {@code /rest/steps}: a generic CRUD with
 *       numeric {@code _id}s (a client-sent one kept on create) and {@code createdAt}/{@code
 *       updatedAt}, every schema field in each row (unset ones null, steps without {@code
 *       failedNext}), equality filters on any task field, {@code _populate} (a null or dangling
 *       reference as an object of nulls), lists wrapped in {@code {"data": [...]}} (or bare arrays,
 *       see {@link #bareArrayLists}), {@code limit} and {@code offset} ignored (unless {@link
 *       #honourPaging}); JSON answers are chunked, {@code application/json; charset=utf-8};
 *   <li>text fields are stored through JavaScript's {@code String()} ({@code 123} as {@code "123"},
 *       {@code ""} as {@code "null"}); references parse numeric strings and store 0 as null;
 *       numbers are doubles;
 *   <li>PUT is partial: only the fields sent are written ({@code {}} only touches {@code
 *       updatedAt}); the {@code context} is merged key by key as SQLite's {@code json_set} does,
 *       which stores top-level {@code true} as {@code "true"} and {@code false}, {@code 0} and
 *       {@code ""} as {@code "null"}; a create stores it as sent;
 *   <li>a missing id is answered 200 with an empty {@code text/plain} body; a non-numeric or 0 id
 *       with 500 {@code Missing required fields: id}; a create without {@code extId}, {@code name}
 *       or {@code description} with 500 {@code SQLITE_CONSTRAINT_NOTNULL: NOT NULL constraint
 *       failed: tasks.<field>}; a PUT of one as null with 500 {@code Field
 *       "update_inputData:tasks.<field>" is required but missing or null.}; an empty {@code
 *       context} with 500 {@code SQLITE_ERROR: near ")": syntax error}; DELETE answers {@code
 *       {"_id", "deleted": true}} whether or not the task existed; any other method gets a
 *       plain-text 404 {@code Module Not Found}, an unknown resource a JSON 404 {@code Resource not
 *       found};
 *   <li>{@code /rest} needs {@code Authorization: Bearer <token>} with a token it issued ({@link
 *       #issueToken()}, or a login at {@code /api/auth/login} of a user added with {@link
 *       #addUser}, valid for {@link #tokenLifetime}) or one a test registered; otherwise 401, as
 *       copilotz.com's front answers (the open-source server has no authentication).
 * </ul>
 *
 * Every request is recorded ({@link #requests()}), and faults can be injected ({@link #inject}).
 *
 * <pre>{@code
 * try (FakeCopilotzServer server = new FakeCopilotzServer().start();
 *     TasksClient client = server.newClient()) {
 *   Workflow onboarding = server.seedWorkflow("Onboarding", "Gather", "Confirm", "Complete");
 *   ...
 * }
 * }</pre>
 *
 * Thread-safe. See {@link FakeCopilotzExtension} for JUnit 5.
 */
public final class FakeCopilotzServer implements AutoCloseable {
  private static final ObjectMapper MODELS =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setDefaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));

  // First: with OkHttp 4 ahead on the class path, MockWebServer itself would fail, and say nothing
  // of why.
  private final MockWebServer server = mockWebServer();
  private final FakeBackend backend = new FakeBackend();
  private final FakeAgent agent = new FakeAgent(backend, MODELS, row -> fromRow(row, Task.class));
  private volatile boolean closed;

  /**
   * Creates a server; call {@link #start()} before using it.
   *
   * @throws IllegalStateException if the OkHttp on the class path is older than OkHttp 5, with the
   *     message the client gives (see the README's Compatibility section)
   */
  public FakeCopilotzServer() {
    server.setDispatcher(backend);
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
  }

  /** A MockWebServer, once the OkHttp it needs is known to be there. */
  private static MockWebServer mockWebServer() {
    OkHttpVersion.require5();
    return new MockWebServer();
  }

  /**
   * Starts the server on a free port of the loopback interface.
   *
   * @return this server
   * @throws UncheckedIOException if no port can be bound
   * @throws IllegalStateException if it was started before
   */
  public FakeCopilotzServer start() {
    return start(InetAddress.getLoopbackAddress(), 0);
  }

  /**
   * Starts the server on {@code address} and {@code port} (0 for a free one); the standalone
   * server's way.
   */
  FakeCopilotzServer start(InetAddress address, int port) {
    if (server.getStarted()) {
      throw new IllegalStateException("This FakeCopilotzServer is already started at " + baseUrl());
    }
    try {
      server.start(address, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Returns the base URL to give a client, such as {@code http://127.0.0.1:54321/}.
   *
   * @return the base URL
   * @throws IllegalStateException if the server is not started
   */
  public String baseUrl() {
    return server.url("/").toString();
  }

  /**
   * Issues a token that never expires, for a client's {@code accessToken}.
   *
   * @return a new token
   */
  public String issueToken() {
    String token = "tk_fake_" + UUID.randomUUID().toString().replace("-", "");
    backend.registerToken(token);
    return token;
  }

  /**
   * Makes the server accept {@code token}, which never expires.
   *
   * @param token the token a test will send
   * @return this server
   * @throws NullPointerException if {@code token} is null
   */
  public FakeCopilotzServer registerToken(String token) {
    backend.registerToken(Objects.requireNonNull(token, "token"));
    return this;
  }

  /**
   * Adds a user who can log in at {@code /api/auth/login}.
   *
   * @param username the user name
   * @param password the password
   * @param namespace the namespace
   * @return this server
   * @throws NullPointerException if an argument is null
   */
  public FakeCopilotzServer addUser(String username, String password, String namespace) {
    backend.addUser(
        Objects.requireNonNull(username, "username"),
        Objects.requireNonNull(password, "password"),
        Objects.requireNonNull(namespace, "namespace"));
    return this;
  }

  /**
   * Sets how long tokens issued by a login stay valid; one hour when not set.
   *
   * @param lifetime a positive duration
   * @return this server
   * @throws NullPointerException if {@code lifetime} is null
   * @throws IllegalArgumentException if {@code lifetime} is zero or negative
   */
  public FakeCopilotzServer tokenLifetime(Duration lifetime) {
    Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.isZero() || lifetime.isNegative()) {
      throw new IllegalArgumentException("lifetime must be positive, was " + lifetime);
    }
    backend.tokenLifetime(lifetime);
    return this;
  }

  /**
   * Sets the clock for timestamps and token expiry; the system clock when not set.
   *
   * @param clock the clock
   * @return this server
   * @throws NullPointerException if {@code clock} is null
   */
  public FakeCopilotzServer clock(Clock clock) {
    backend.clock(Objects.requireNonNull(clock, "clock"));
    return this;
  }

  /**
   * Adds this delay before every answer, as a network and a busy server would; none when not set.
   * The delay holds only the connection it answers, so concurrent calls wait in parallel.
   *
   * @param latency the delay, zero or positive
   * @return this server
   * @throws NullPointerException if {@code latency} is null
   * @throws IllegalArgumentException if {@code latency} is negative
   */
  public FakeCopilotzServer latency(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, was " + latency);
    }
    backend.latency(latency);
    return this;
  }

  /**
   * Answers lists as a bare JSON array, as the product docs show them, instead of the real server's
   * {@code {"data": [...]}}.
   *
   * @param bare true for bare arrays
   * @return this server
   */
  public FakeCopilotzServer bareArrayLists(boolean bare) {
    backend.bareArrayLists(bare);
    return this;
  }

  /**
   * Honours {@code limit} and {@code offset} on lists, as a newer server may; the real server today
   * ignores them and answers the whole set, which is the default here.
   *
   * @param honour true to page
   * @return this server
   */
  public FakeCopilotzServer honourPaging(boolean honour) {
    backend.honourPaging(honour);
    return this;
  }

  /**
   * Makes the next {@code times} calls with this method and path meet {@code fault} instead of the
   * usual answer. In {@code path}, {@code *} matches one segment: {@code /rest/tasks/*}. Faults are
   * tried in the order they were injected.
   *
   * @param method the HTTP method, such as {@code "POST"}
   * @param path the path, such as {@code "/rest/tasks"}
   * @param times how many calls meet the fault
   * @param fault what happens to them
   * @return this server
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code times} is less than 1
   */
  public FakeCopilotzServer inject(String method, String path, int times, Fault fault) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(fault, "fault");
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1, was " + times);
    }
    backend.inject(method, path, times, fault.action());
    return this;
  }

  /**
   * Stores a task as it is, assigning an {@code _id} and timestamps where it has none.
   *
   * @param task the task to store
   * @return the task as stored
   * @throws NullPointerException if {@code task} is null
   */
  public Task putTask(Task task) {
    return fromRow(backend.put("tasks", toRow(Objects.requireNonNull(task, "task"))), Task.class);
  }

  /**
   * Stores a workflow as it is, assigning an {@code _id} where it has none.
   *
   * @param workflow the workflow to store
   * @return the workflow as stored
   * @throws NullPointerException if {@code workflow} is null
   */
  public Workflow putWorkflow(Workflow workflow) {
    return fromRow(
        backend.put("workflows", toRow(Objects.requireNonNull(workflow, "workflow"))),
        Workflow.class);
  }

  /**
   * Stores a step as it is, assigning an {@code _id} where it has none. Use it for chains a test
   * builds by hand: loops, a {@code next} to a missing step, or a {@code failedNext}, which the
   * real server's stored steps never have (its schema drops it; a newer server's may keep it).
   *
   * @param step the step to store
   * @return the step as stored
   * @throws NullPointerException if {@code step} is null
   */
  public Step putStep(Step step) {
    return fromRow(backend.put("steps", toRow(Objects.requireNonNull(step, "step"))), Step.class);
  }

  /**
   * Stores a workflow whose steps, named in order, are chained through {@code next}: the first is
   * its {@code firstStep}, the last has no {@code next}.
   *
   * @param name the workflow's name
   * @param stepNames the names of its steps, in order
   * @return the workflow as stored, with its {@code steps} and {@code firstStep}
   * @throws NullPointerException if an argument is null
   */
  public Workflow seedWorkflow(String name, String... stepNames) {
    Objects.requireNonNull(name, "name");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < stepNames.length; i++) {
      ids.add(
          putStep(
                  new Step()
                      .name(Objects.requireNonNull(stepNames[i], "stepName"))
                      .description(stepNames[i]))
              .getId());
    }
    for (int i = 0; i + 1 < ids.size(); i++) {
      Step step = step(ids.get(i)).orElseThrow();
      putStep(step.next(ids.get(i + 1)));
    }
    return putWorkflow(
        new Workflow()
            .name(name)
            .description(name)
            .steps(ids)
            .firstStep(ids.isEmpty() ? null : ids.get(0)));
  }

  /**
   * Returns the Copilotz agent this server plays: tell it which steps it works, then move it with
   * {@link FakeAgent#step()} (or on its own with {@link FakeAgent#runEvery}). It works no step
   * until told.
   *
   * @return the server's agent
   */
  public FakeAgent agent() {
    return agent;
  }

  /**
   * Returns the tasks the server holds, by {@code _id}.
   *
   * @return copies of the stored tasks
   */
  public List<Task> tasks() {
    return backend.rows("tasks").stream()
        .map(row -> fromRow(row, Task.class))
        .collect(Collectors.toList());
  }

  /**
   * Returns the stored task with this id.
   *
   * @param id the task's {@code _id}
   * @return a copy of the task, or empty when there is none
   */
  public Optional<Task> task(long id) {
    return tasks().stream().filter(task -> task.getId() == id).findFirst();
  }

  /**
   * Returns the stored step with this id.
   *
   * @param id the step's {@code _id}
   * @return a copy of the step, or empty when there is none
   */
  public Optional<Step> step(long id) {
    return backend.rows("steps").stream()
        .map(row -> fromRow(row, Step.class))
        .filter(step -> step.getId() == id)
        .findFirst();
  }

  /**
   * Returns every request the server got since it started or was {@link #reset()}, in order.
   *
   * @return the recorded requests
   */
  public List<ReceivedRequest> requests() {
    return backend.requests().stream()
        .map(FakeCopilotzServer::received)
        .collect(Collectors.toList());
  }

  private static ReceivedRequest received(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (int i = 0; i < url.querySize(); i++) {
      query
          .computeIfAbsent(url.queryParameterName(i), name -> new ArrayList<>())
          .add(url.queryParameterValue(i));
    }
    return new ReceivedRequest(
        request.getMethod(),
        request.getTarget(),
        url.encodedPath(),
        query,
        request.getHeaders().toMultimap(),
        request.getBody() == null ? "" : request.getBody().utf8());
  }

  /**
   * Forgets the requests recorded so far, and nothing else: a long run (a demo, a benchmark) that
   * calls it now and then holds only the requests since. {@link #requests()} is empty after it.
   */
  public void forgetRequests() {
    backend.forgetRequests();
    try {
      while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
        // MockWebServer keeps every request for takeRequest(); drop them.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Forgets every task, workflow, step, recorded request and injected fault, and the steps the
   * {@linkplain #agent() agent} works (stopping its rounds), and goes back to wrapped lists and
   * ignored paging. Tokens and users are kept, so existing clients keep working.
   */
  public void reset() {
    agent.reset();
    backend.reset();
  }

  /**
   * Returns a builder for a client of this server, with its base URL and a fresh token set; add any
   * other option before {@code build()}.
   *
   * @return a client builder
   * @throws IllegalStateException if the server is not started
   */
  public TasksClient.Builder clientBuilder() {
    return TasksClient.builder().baseUrl(baseUrl()).accessToken(issueToken());
  }

  /**
   * Returns a new client of this server, with a fresh token. Close it when done.
   *
   * @return a client
   * @throws IllegalStateException if the server is not started
   */
  public TasksClient newClient() {
    return clientBuilder().build();
  }

  /** Stops the agent's rounds and the server, and frees its port. */
  @Override
  public void close() {
    closed = true;
    agent.stop();
    server.close();
  }

  /** Whether {@link #close()} was called: what the JUnit extension's own test checks. */
  boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return "FakeCopilotzServer[" + (server.getStarted() ? baseUrl() : "not started") + "]";
  }

  private static ObjectNode toRow(Object model) {
    return MODELS.valueToTree(model);
  }

  private static <T> T fromRow(ObjectNode row, Class<T> type) {
    try {
      return MODELS.treeToValue(row, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Connections that send at once (TCP_NODELAY): MockWebServer writes a response's head and body
   * separately, and with Nagle's algorithm the body would wait for the client's delayed ACK, about
   * 40 ms per call.
   */
  private static final class NoDelayServerSocketFactory extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new ServerSocket() {
        @Override
        public Socket accept() throws IOException {
          Socket socket = super.accept();
          socket.setTcpNoDelay(true);
          return socket;
        }
      };
    }

    @Override
    public ServerSocket createServerSocket(int port) {
      throw new UnsupportedOperationException("MockWebServer binds the socket itself");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) {
      throw new UnsupportedOperationException("MockWebServer binds the socket itself");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) {
      throw new UnsupportedOperationException("MockWebServer binds the socket itself");
    }
  }
}
