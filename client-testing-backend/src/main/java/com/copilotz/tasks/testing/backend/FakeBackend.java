package com.copilotz.tasks.testing.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * The one in-memory model of the Copilotz server: its state and its routes, answering as the
 * open-source server was measured to (see the project's notes on the API, "Measured on the running
 * server"): a generic CRUD over tasks, workflows and steps with {@code _id}s (a client-sent one
 * kept on create), every schema field in a row (unset ones null), scalar fields stored through
 * JavaScript's {@code String()}, equality filters, lists wrapped in {@code {"data": [...]}},
 * partial PUT with the context merged key by key as SQLite's {@code json_set} does (top-level
 * {@code true} stored as {@code "true"}; {@code false}, {@code 0} and {@code ""} as {@code
 * "null"}), numbers as JavaScript doubles, 200 with an empty {@code text/plain} body for a missing
 * id, the server's 500 envelopes and messages (with a {@code stack} for database errors, without
 * for the plain ones), dangling populates as objects of nulls, chunked JSON answers, and a
 * plain-text 404 for other methods. It is a MockWebServer {@link Dispatcher}.
 *
 * <p>Not an API: {@code FakeCopilotzServer} (artifact {@code copilotz-tasks-testing}) is built on
 * it, and so are the client's own tests, so that one model of the server serves both. Thread-safe.
 */
@SuppressWarnings(
    "deprecation") // ObjectNode.fields(): the one way that works on every Jackson 2.x.
public final class FakeBackend extends Dispatcher {
  /**
   * What an injected fault does with a call, given the way to answer it for real (which applies
   * it).
   */
  @FunctionalInterface
  public interface FaultAction {
    /**
     * Answers {@code request} instead of the backend.
     *
     * @param request the call
     * @param realAnswer answers the call as the backend would, applying any write; call it at most
     *     once
     * @return the answer to send
     */
    MockResponse respond(
        RecordedRequest request, java.util.function.Supplier<MockResponse> realAnswer);
  }

  /** The fields of a task that the server stores and filters on. */
  public static final Set<String> TASK_FIELDS =
      Set.of("extId", "workflow", "currentStep", "status", "name", "description", "context");

  private static final List<String> NOT_NULL_TASK_FIELDS = List.of("extId", "name", "description");
  private static final Set<String> RESOURCES = Set.of("tasks", "workflows", "steps");

  /**
   * Each resource's schema fields, in the order the server answers them ({@code createdAt}, {@code
   * updatedAt} last).
   */
  private static final Map<String, List<String>> SCHEMAS =
      Map.of(
          "tasks",
              List.of(
                  "extId", "workflow", "currentStep", "status", "name", "description", "context"),
          "workflows", List.of("name", "description", "instructions", "steps", "firstStep"),
          "steps",
              List.of(
                  "name",
                  "description",
                  "instructions",
                  "submitWhen",
                  "onSubmit",
                  "job",
                  "actions",
                  "next"));

  /** The text fields, stored through JavaScript's {@code String()}. */
  private static final Set<String> TEXT_FIELDS =
      Set.of(
          "extId",
          "status",
          "name",
          "description",
          "instructions",
          "submitWhen",
          "onSubmit",
          "job");

  /**
   * The fields that reference another row by id: numeric strings are parsed, 0 is stored as null.
   */
  private static final Set<String> REFERENCE_FIELDS =
      Set.of("workflow", "currentStep", "firstStep", "next");

  /** The largest integer a JavaScript number holds exactly. */
  private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, TreeMap<Long, ObjectNode>> tables = new HashMap<>();
  private final Map<String, Long> nextIds = new HashMap<>();
  private final Map<String, Instant> tokens = new HashMap<>();
  private final Map<String, String[]> users = new HashMap<>();
  private final List<InjectedFault> faults = new ArrayList<>();
  private final List<RecordedRequest> requests = new ArrayList<>();

  /** Task ids by extId, so that lookups by extId do not scan every task. */
  private final Map<String, java.util.SortedSet<Long>> tasksByExtId = new HashMap<>();

  private Clock clock = Clock.systemUTC();
  private Duration latency = Duration.ZERO;
  private Duration tokenLifetime = Duration.ofHours(1);
  private boolean bareArrayLists;
  private boolean honourPaging;

  /** Creates an empty backend: no data, no token, no user. */
  public FakeBackend() {
    for (String resource : RESOURCES) {
      tables.put(resource, new TreeMap<>());
      nextIds.put(resource, 1L);
    }
  }

  // ----- configuration, seeding and inspection, all under the same lock as the routes

  /** Sets the clock of timestamps and token expiry. */
  public synchronized void clock(Clock clock) {
    this.clock = clock;
  }

  /** Sets how long tokens issued by a login stay valid. */
  public synchronized void tokenLifetime(Duration lifetime) {
    this.tokenLifetime = lifetime;
  }

  /** Sets a delay added before every answer. */
  public synchronized void latency(Duration latency) {
    this.latency = latency;
  }

  /** Answers lists as bare arrays when true, wrapped in {@code {"data": [...]}} when false. */
  public synchronized void bareArrayLists(boolean bare) {
    this.bareArrayLists = bare;
  }

  /**
   * Honours {@code limit} and {@code offset} when true; ignores them, as the real server does, when
   * false.
   */
  public synchronized void honourPaging(boolean honour) {
    this.honourPaging = honour;
  }

  /** Accepts {@code token} as a bearer token that never expires. */
  public synchronized void registerToken(String token) {
    tokens.put(token, Instant.MAX);
  }

  /** Adds a user who can log in at {@code /api/auth/login}. */
  public synchronized void addUser(String username, String password, String namespace) {
    users.put(username + "\u0000" + namespace, new String[] {password});
  }

  /**
   * Makes the next {@code times} calls with this method and path pattern ({@code *} matches one
   * segment) meet {@code action} instead of the usual answer.
   */
  public synchronized void inject(
      String method, String pathPattern, int times, FaultAction action) {
    faults.add(new InjectedFault(method, pathPattern, times, action));
  }

  /**
   * Stores a row of {@code resource} ({@code tasks}, {@code workflows} or {@code steps}) as it is,
   * assigning an {@code _id} and timestamps where it has none, and returns a copy of it as stored.
   */
  public synchronized ObjectNode put(String resource, ObjectNode row) {
    long id = row.hasNonNull("_id") ? row.get("_id").asLong() : nextIds.get(resource);
    String now = now();
    ObjectNode stored =
        shaped(
            resource,
            id,
            row,
            row.hasNonNull("createdAt") ? row.get("createdAt").asText() : now,
            row.hasNonNull("updatedAt") ? row.get("updatedAt").asText() : now);
    return store(resource, stored).deepCopy();
  }

  /** Keeps {@code stored} (already shaped) under its id, and returns it. */
  private ObjectNode store(String resource, ObjectNode stored) {
    long id = stored.get("_id").asLong();
    nextIds.put(resource, Math.max(nextIds.get(resource), id + 1));
    ObjectNode previous = tables.get(resource).put(id, stored);
    if (resource.equals("tasks")) {
      unindex(previous);
      index(stored);
    }
    return stored;
  }

  /**
   * A row as the server answers it: {@code _id}, every schema field of {@code resource} in order
   * (null when {@code fields} lacks it), any other field {@code fields} has (a row seeded by hand
   * may), then the timestamps.
   */
  private ObjectNode shaped(
      String resource, long id, ObjectNode fields, String createdAt, String updatedAt) {
    ObjectNode row = json.createObjectNode().put("_id", id);
    List<String> schema = SCHEMAS.get(resource);
    for (String field : schema) {
      JsonNode value = fields.get(field);
      row.set(field, value == null ? json.nullNode() : value);
    }
    fields
        .fields()
        .forEachRemaining(
            field -> {
              String name = field.getKey();
              if (!schema.contains(name)
                  && !name.equals("_id")
                  && !name.equals("createdAt")
                  && !name.equals("updatedAt")) {
                row.set(name, field.getValue());
              }
            });
    return row.put("createdAt", createdAt).put("updatedAt", updatedAt);
  }

  private void index(ObjectNode task) {
    if (task != null && task.hasNonNull("extId")) {
      tasksByExtId
          .computeIfAbsent(task.get("extId").asText(), key -> new java.util.TreeSet<>())
          .add(task.get("_id").asLong());
    }
  }

  private void unindex(ObjectNode task) {
    if (task != null && task.hasNonNull("extId")) {
      java.util.SortedSet<Long> ids = tasksByExtId.get(task.get("extId").asText());
      if (ids != null) {
        ids.remove(task.get("_id").asLong());
      }
    }
  }

  /** Copies of the rows of {@code resource}, by {@code _id}. */
  public synchronized List<ObjectNode> rows(String resource) {
    List<ObjectNode> copies = new ArrayList<>();
    tables.get(resource).values().forEach(row -> copies.add(row.deepCopy()));
    return copies;
  }

  /**
   * What the Copilotz agent writes when it submits the step a task is at ({@code taskManager}), in
   * one update, as a PUT would store it: on success {@code currentStep} becomes the step's {@code
   * next}, or, at the last step, {@code status} becomes {@code completed}; on failure {@code
   * status} becomes {@code failed} and {@code currentStep} the step's {@code failedNext} when it
   * has one; either way {@code context.steps[<step name>]} becomes {@code {args, results,
   * updatedAt}} and {@code context.state} the old state with {@code results} merged in. Only a task
   * still {@code active} at {@code stepId} is moved.
   *
   * @param taskId the task
   * @param stepId the step the agent works, where the task must still be
   * @param success whether the step succeeded
   * @param args the step's arguments, as the agent records them
   * @param results the step's results
   * @return the task as stored after the move, or empty when it is gone or elsewhere
   */
  public synchronized Optional<ObjectNode> agentSubmit(
      long taskId, long stepId, boolean success, ObjectNode args, ObjectNode results) {
    ObjectNode task = tables.get("tasks").get(taskId);
    ObjectNode step = tables.get("steps").get(stepId);
    if (task == null
        || step == null
        || !"active".equals(task.path("status").asText(null))
        || task.path("currentStep").asLong() != stepId) {
      return Optional.empty();
    }
    ObjectNode body = json.createObjectNode();
    if (success) {
      if (step.hasNonNull("next")) {
        body.put("currentStep", step.get("next").asLong());
      } else {
        body.put("status", "completed");
      }
    } else {
      body.put("status", "failed");
      if (step.hasNonNull("failedNext")) {
        body.put("currentStep", step.get("failedNext").asLong());
      }
    }
    JsonNode context = task.get("context");
    ObjectNode steps =
        context != null && context.path("steps").isObject()
            ? (ObjectNode) context.get("steps").deepCopy()
            : json.createObjectNode();
    ObjectNode record = json.createObjectNode();
    record.set("args", args.deepCopy());
    record.set("results", results.deepCopy());
    record.put("updatedAt", now());
    steps.set(step.path("name").asText(String.valueOf(stepId)), record);
    ObjectNode state =
        context != null && context.path("state").isObject()
            ? (ObjectNode) context.get("state").deepCopy()
            : json.createObjectNode();
    state.setAll(results.deepCopy());
    body.putObject("context").set("steps", steps);
    ((ObjectNode) body.get("context")).set("state", state);
    update("tasks", taskId, body);
    return Optional.of(task.deepCopy());
  }

  /**
   * Sets a task {@code pending} at its step, as the agent leaves a task it waits on: only a task
   * still {@code active} at {@code stepId} is changed.
   *
   * @param taskId the task
   * @param stepId the step it must still be at
   * @return the task as stored after the change, or empty when it is gone or elsewhere
   */
  public synchronized Optional<ObjectNode> agentSetPending(long taskId, long stepId) {
    ObjectNode task = tables.get("tasks").get(taskId);
    if (task == null
        || !"active".equals(task.path("status").asText(null))
        || task.path("currentStep").asLong() != stepId) {
      return Optional.empty();
    }
    update("tasks", taskId, json.createObjectNode().put("status", "pending"));
    return Optional.of(task.deepCopy());
  }

  /** Forgets the requests recorded so far, and nothing else. */
  public synchronized void forgetRequests() {
    requests.clear();
  }

  /** Every request received since the start or the last {@link #reset()}, in order. */
  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * Forgets every row, request and fault; goes back to wrapped lists and ignored paging. Keeps
   * tokens and users.
   */
  public synchronized void reset() {
    tables.values().forEach(Map::clear);
    tasksByExtId.clear();
    nextIds.replaceAll((resource, id) -> 1L);
    faults.clear();
    requests.clear();
    bareArrayLists = false;
    honourPaging = false;
  }

  // ----- the routes

  /**
   * Records {@code request}, then answers it: with the first matching injected fault, or as the
   * server would.
   */
  @Override
  public MockResponse dispatch(RecordedRequest request) {
    InjectedFault fault;
    synchronized (this) {
      requests.add(request);
      fault = takeFault(request);
    }
    if (fault == null) {
      return withLatency(answer(request));
    }
    return fault.action.respond(request, () -> answer(request));
  }

  private MockResponse withLatency(MockResponse response) {
    Duration added;
    synchronized (this) {
      added = latency;
    }
    return added.isZero()
        ? response
        : response.newBuilder().headersDelay(added.toNanos(), TimeUnit.NANOSECONDS).build();
  }

  private InjectedFault takeFault(RecordedRequest request) {
    for (Iterator<InjectedFault> it = faults.iterator(); it.hasNext(); ) {
      InjectedFault fault = it.next();
      if (fault.matches(request.getMethod(), request.getUrl().encodedPath())) {
        if (--fault.remaining == 0) {
          it.remove();
        }
        return fault;
      }
    }
    return null;
  }

  /**
   * Answers {@code request} as the server would, applying any write; no fault, no latency, not
   * recorded. Every answer carries the server's clock in its {@code Date} header, as an HTTP origin
   * server's must (RFC 9110): the SDK reads it to settle an update whose answer was lost.
   */
  public synchronized MockResponse answer(RecordedRequest request) {
    MockResponse answer = answerUndated(request);
    return answer
        .newBuilder()
        .setHeader(
            "Date",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)))
        .build();
  }

  private MockResponse answerUndated(RecordedRequest request) {
    String method = request.getMethod();
    HttpUrl url = request.getUrl();
    List<String> path = url.pathSegments();
    if (!Set.of("GET", "POST", "PUT", "DELETE").contains(method)) {
      return moduleNotFound();
    }
    if (path.size() == 3
        && path.get(0).equals("api")
        && path.get(1).equals("auth")
        && path.get(2).equals("login")
        && method.equals("POST")) {
      return login(request);
    }
    if (path.isEmpty() || !path.get(0).equals("rest") || path.size() < 2 || path.size() > 3) {
      return moduleNotFound();
    }
    if (!RESOURCES.contains(path.get(1))) {
      return errorAnswer(404, "Resource not found", false);
    }
    if (!authorized(request)) {
      // copilotz.com's front (the open-source server has no authentication): the proxy's unwrapped
      // shape.
      return jsonResponse(
          401, json.createObjectNode().put("status", 401).put("message", "Unauthorized"));
    }
    String resource = path.get(1);
    try {
      if (path.size() == 2) {
        if (method.equals("GET")) {
          return list(resource, url);
        }
        if (method.equals("POST")) {
          return create(resource, mergedBody(request));
        }
        return moduleNotFound();
      }
      long id = parseId(path.get(2));
      if (id <= 0) {
        // A plain object is thrown, not an Error: no stack.
        return errorAnswer(500, "Missing required fields: id", false);
      }
      switch (method) {
        case "GET":
          return found(resource, id, url);
        case "PUT":
          return update(resource, id, mergedBody(request));
        case "DELETE":
          ObjectNode removed = tables.get(resource).remove(id);
          if (resource.equals("tasks")) {
            unindex(removed);
          }
          return jsonResponse(200, json.createObjectNode().put("_id", id).put("deleted", true));
        default:
          return moduleNotFound();
      }
    } catch (IOException | ClassCastException malformed) {
      return envelope(500, "Unexpected token in JSON");
    } catch (Rejected rejected) {
      return rejected.answer;
    }
  }

  /** A request the server refuses, with the answer it gives. */
  private static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient MockResponse answer;

    Rejected(MockResponse answer) {
      super(null, null, false, false);
      this.answer = answer;
    }
  }

  private MockResponse login(RecordedRequest request) {
    JsonNode body;
    try {
      body = json.readTree(request.getBody() == null ? "" : request.getBody().utf8());
    } catch (IOException e) {
      return envelope(500, "Unexpected token in JSON");
    }
    String username = body == null ? "" : body.path("username").asText();
    String namespace = body == null ? "" : body.path("namespace").asText();
    String[] user = users.get(username + "\u0000" + namespace);
    if (user == null || !user[0].equals(body.path("password").asText())) {
      return errorAnswer(401, "Invalid credentials", false);
    }
    String token = "tk_" + UUID.randomUUID().toString().replace("-", "");
    Instant expiresAt = clock.instant().plus(tokenLifetime).truncatedTo(ChronoUnit.MILLIS);
    tokens.put(token, expiresAt);
    return jsonResponse(
        200,
        json.createObjectNode().put("accessToken", token).put("expiresAt", expiresAt.toString()));
  }

  private boolean authorized(RecordedRequest request) {
    String authorization = request.getHeaders().get("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    Instant expiresAt = tokens.get(authorization.substring("Bearer ".length()).trim());
    return expiresAt != null && clock.instant().isBefore(expiresAt);
  }

  private MockResponse list(String resource, HttpUrl url) {
    for (String name : url.queryParameterNames()) {
      if (name.indexOf('.') >= 0) {
        return envelope(500, "SQLITE_ERROR: no such column: " + name);
      }
    }
    checkPopulate(resource, url);
    List<ObjectNode> matching = new ArrayList<>();
    String extId = url.queryParameter("extId");
    Iterable<ObjectNode> candidates = tables.get(resource).values();
    if (resource.equals("tasks") && extId != null) {
      List<ObjectNode> indexed = new ArrayList<>();
      tasksByExtId
          .getOrDefault(extId, new java.util.TreeSet<>())
          .forEach(id -> indexed.add(tables.get("tasks").get(id)));
      candidates = indexed;
    }
    for (ObjectNode row : candidates) {
      if (matchesFilters(row, url)) {
        matching.add(populated(row, url));
      }
    }
    if (honourPaging) {
      int offset = intParameter(url, "offset", 0);
      int limit = intParameter(url, "limit", Integer.MAX_VALUE);
      int from = Math.min(matching.size(), Math.max(0, offset));
      matching =
          matching.subList(from, (int) Math.min(matching.size(), (long) from + Math.max(0, limit)));
    }
    ArrayNode data = json.createArrayNode().addAll(matching);
    return jsonResponse(200, bareArrayLists ? data : json.createObjectNode().set("data", data));
  }

  private static int intParameter(HttpUrl url, String name, int fallback) {
    try {
      String value = url.queryParameter(name);
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Every query parameter that names a field is an equality filter; unknown ones are dropped. */
  private boolean matchesFilters(ObjectNode row, HttpUrl url) {
    for (String name : url.queryParameterNames()) {
      if (name.equals("_id") || (TASK_FIELDS.contains(name) && !name.equals("context"))) {
        JsonNode value = row.get(name);
        if (value == null || value.isNull() || !value.asText().equals(url.queryParameter(name))) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * {@code _populate=workflow,currentStep} replaces those ids with the objects they name, moved to
   * the end of the task; a null or dangling reference becomes an object whose fields are all null.
   */
  private ObjectNode populated(ObjectNode row, HttpUrl url) {
    String populate = url.queryParameter("_populate");
    if (populate == null) {
      return row;
    }
    ObjectNode copy = row.deepCopy();
    for (String name : populate.split(",")) {
      String field = name.trim();
      String resource =
          field.equals("workflow") ? "workflows" : field.equals("currentStep") ? "steps" : null;
      if (resource != null && copy.has(field)) {
        JsonNode reference = copy.remove(field);
        ObjectNode target =
            reference.isNull() ? null : tables.get(resource).get(reference.asLong());
        copy.set(field, target != null ? target.deepCopy() : nulls(resource));
      }
    }
    return copy;
  }

  /** What the server populates for a reference to nothing: every field of the resource, null. */
  private ObjectNode nulls(String resource) {
    ObjectNode row = json.createObjectNode().putNull("_id");
    SCHEMAS.get(resource).forEach(row::putNull);
    return row.putNull("createdAt").putNull("updatedAt");
  }

  /** A workflow's {@code _populate} of its steps makes SQL the server's database refuses. */
  private void checkPopulate(String resource, HttpUrl url) {
    String populate = url.queryParameter("_populate");
    if (resource.equals("workflows")
        && populate != null
        && (populate.contains("steps") || populate.contains("firstStep"))) {
      throw new Rejected(envelope(500, "SQLITE_ERROR: ambiguous column name: _id"));
    }
  }

  private MockResponse found(String resource, long id, HttpUrl url) {
    checkPopulate(resource, url);
    ObjectNode row = tables.get(resource).get(id);
    return row == null ? emptyOk() : jsonResponse(200, populated(row, url));
  }

  /** Query and body parameters are merged into one object, the query winning. */
  private ObjectNode mergedBody(RecordedRequest request) throws IOException {
    String text = request.getBody() == null ? "" : request.getBody().utf8();
    JsonNode body = text.isBlank() ? json.createObjectNode() : json.readTree(text);
    ObjectNode merged = body.isObject() ? (ObjectNode) body : json.createObjectNode();
    HttpUrl url = request.getUrl();
    for (String name : url.queryParameterNames()) {
      merged.put(name, url.queryParameter(name));
    }
    return merged;
  }

  private MockResponse create(String resource, ObjectNode body) {
    ObjectNode fields = json.createObjectNode();
    for (String field : SCHEMAS.get(resource)) {
      JsonNode value = body.get(field);
      if (value != null && !value.isNull()) {
        fields.set(field, stored(resource, field, value));
      }
    }
    if (resource.equals("tasks")) {
      for (String field : NOT_NULL_TASK_FIELDS) {
        if (!fields.hasNonNull(field)) {
          return envelope(
              500, "SQLITE_CONSTRAINT_NOTNULL: NOT NULL constraint failed: tasks." + field);
        }
      }
    }
    long id;
    if (body.hasNonNull("_id")) {
      id = body.get("_id").asLong();
      if (tables.get(resource).containsKey(id)) {
        return envelope(
            500, "SQLITE_CONSTRAINT_PRIMARYKEY: UNIQUE constraint failed: " + resource + "._id");
      }
    } else {
      id = nextIds.get(resource);
    }
    String now = now();
    return jsonResponse(200, store(resource, shaped(resource, id, fields, now, now)).deepCopy());
  }

  /**
   * What the server stores for {@code value} in {@code field} of {@code resource}: a text field
   * through JavaScript's {@code String()} ({@code ""}, {@code false} and {@code 0} as {@code
   * "null"}), a reference parsed as a number (0 as null), a context with its numbers as doubles; a
   * reference that is not a number is refused.
   */
  private JsonNode stored(String resource, String field, JsonNode value) {
    if (TEXT_FIELDS.contains(field)) {
      return json.getNodeFactory().textNode(isFalsy(value) ? "null" : jsString(value));
    }
    if (REFERENCE_FIELDS.contains(field)) {
      if (value.isNumber()
          || (value.isTextual() && value.asText().trim().matches("-?\\d+(\\.\\d+)?"))) {
        long id =
            value.isNumber() ? value.asLong() : (long) Double.parseDouble(value.asText().trim());
        return id == 0 ? json.nullNode() : json.getNodeFactory().numberNode(id);
      }
      throw new Rejected(
          envelope(500, "SQLITE_ERROR: near \"" + jsString(value) + "\": syntax error"));
    }
    return asDoubles(value);
  }

  /** {@code value} with every number as the server's JavaScript holds it: a double. */
  private JsonNode asDoubles(JsonNode value) {
    if (value.isNumber()) {
      double number = value.doubleValue();
      if (Double.isInfinite(number) || Double.isNaN(number)) {
        return json.nullNode();
      }
      boolean integral = number == Math.rint(number) && Math.abs(number) < 9.2e18;
      if (value.isIntegralNumber()
          && value
                  .bigIntegerValue()
                  .abs()
                  .compareTo(java.math.BigInteger.valueOf(EXACT_DOUBLE_LIMIT))
              <= 0) {
        return value;
      }
      return integral
          ? json.getNodeFactory().numberNode((long) number)
          : json.getNodeFactory().numberNode(number);
    }
    if (value.isObject()) {
      ObjectNode copy = json.createObjectNode();
      value
          .fields()
          .forEachRemaining(field -> copy.set(field.getKey(), asDoubles(field.getValue())));
      return copy;
    }
    if (value.isArray()) {
      ArrayNode copy = json.createArrayNode();
      value.forEach(element -> copy.add(asDoubles(element)));
      return copy;
    }
    return value;
  }

  /** JavaScript's {@code String(value)}. */
  private static String jsString(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber()) {
      return java.math.BigDecimal.valueOf(value.doubleValue()).stripTrailingZeros().toPlainString();
    }
    if (value.isObject()) {
      return "[object Object]";
    }
    if (value.isArray()) {
      List<String> elements = new ArrayList<>();
      value.forEach(element -> elements.add(element.isNull() ? "" : jsString(element)));
      return String.join(",", elements);
    }
    return value.asText();
  }

  private MockResponse update(String resource, long id, ObjectNode body) {
    ObjectNode row = tables.get(resource).get(id);
    if (row == null) {
      return emptyOk();
    }
    if (resource.equals("tasks")) {
      unindex(row);
    }
    try {
      return applyUpdate(resource, row, body);
    } finally {
      if (resource.equals("tasks")) {
        index(row);
      }
    }
  }

  /**
   * A partial update: only the schema fields sent are written (none: only {@code updatedAt}); a
   * required field sent as null is refused; a context object is merged key by key as {@code
   * json_set} does.
   */
  private MockResponse applyUpdate(String resource, ObjectNode row, ObjectNode body) {
    ObjectNode changes = json.createObjectNode();
    for (String field : SCHEMAS.get(resource)) {
      JsonNode value = body.get(field);
      if (value == null) {
        continue;
      }
      if (value.isNull()) {
        if (resource.equals("tasks") && NOT_NULL_TASK_FIELDS.contains(field)) {
          return envelope(
              500,
              "Field \"update_inputData:tasks." + field + "\" is required but missing or null.");
        }
        changes.set(field, value);
      } else if (field.equals("context") && value.isObject()) {
        if (value.isEmpty()) {
          return envelope(500, "SQLITE_ERROR: near \")\": syntax error");
        }
        changes.set(field, merged(row.get("context"), (ObjectNode) value));
      } else {
        changes.set(field, stored(resource, field, value));
      }
    }
    row.setAll(changes);
    row.put("updatedAt", now());
    return jsonResponse(200, row.deepCopy());
  }

  /**
   * {@code json_set(stored, '$.key', value, ...)} for each top-level key sent: a top-level {@code
   * true} stored as the string {@code "true"}; {@code false}, {@code 0} and {@code ""} as the
   * string {@code "null"}; other values as sent (numbers as doubles). An object sent onto a stored
   * array leaves the array.
   */
  private JsonNode merged(JsonNode stored, ObjectNode patch) {
    if (stored != null && stored.isArray()) {
      return stored;
    }
    ObjectNode context =
        stored != null && stored.isObject()
            ? (ObjectNode) stored.deepCopy()
            : json.createObjectNode();
    patch
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode value = field.getValue();
              JsonNode kept;
              if (value.isBoolean() && value.booleanValue()) {
                kept = json.getNodeFactory().textNode("true");
              } else if (isFalsy(value)) {
                kept = json.getNodeFactory().textNode("null");
              } else {
                kept = asDoubles(value);
              }
              context.set(field.getKey(), kept);
            });
    return context;
  }

  private static boolean isFalsy(JsonNode value) {
    return (value.isNumber() && value.asDouble() == 0)
        || (value.isTextual() && value.asText().isEmpty())
        || (value.isBoolean() && !value.asBoolean());
  }

  private static long parseId(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /**
   * A JSON answer as the server sends it: chunked (no Content-Length), compact, with CORS headers.
   */
  private MockResponse jsonResponse(int code, JsonNode body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .setHeader("Access-Control-Allow-Origin", "*")
        .chunkedBody(body.toString(), 8192)
        .build();
  }

  /** The server's answer for a missing id: 200 with an empty plain-text body. */
  private static MockResponse emptyOk() {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "text/plain;charset=utf-8")
        .setHeader("Access-Control-Allow-Origin", "*")
        .build();
  }

  private static MockResponse moduleNotFound() {
    return new MockResponse.Builder()
        .code(404)
        .setHeader("Content-Type", "text/plain; charset=utf-8")
        .body("Module Not Found")
        .build();
  }

  /**
   * The envelope of a JavaScript error the server throws (a database error, a validation error):
   * with its stack.
   */
  private MockResponse envelope(int status, String message) {
    return errorAnswer(status, message, true);
  }

  /**
   * The server's error envelope, {@code {"error": {"message", "stack"}}}: with a {@code stack} for
   * a JavaScript error, without for a plain object thrown; no {@code status} inside.
   */
  private MockResponse errorAnswer(int status, String message, boolean stack) {
    ObjectNode error = JsonNodeFactory.instance.objectNode().put("message", message);
    if (stack) {
      error.put("stack", "Error: " + message + "\n    at FakeCopilotzServer");
    }
    return jsonResponse(status, json.createObjectNode().set("error", error));
  }

  private static final class InjectedFault {
    final String method;
    final String[] pattern;
    final FaultAction action;
    int remaining;

    InjectedFault(String method, String pathPattern, int times, FaultAction action) {
      this.method = method;
      this.pattern = pathPattern.split("/", -1);
      this.remaining = times;
      this.action = action;
    }

    /** {@code *} in the pattern matches one path segment. */
    boolean matches(String requestMethod, String path) {
      if (!method.equals(requestMethod)) {
        return false;
      }
      String[] segments = path.split("/", -1);
      if (segments.length != pattern.length) {
        return false;
      }
      for (int i = 0; i < segments.length; i++) {
        if (!pattern[i].equals("*") && !pattern[i].equals(segments[i])) {
          return false;
        }
      }
      return true;
    }
  }
}
