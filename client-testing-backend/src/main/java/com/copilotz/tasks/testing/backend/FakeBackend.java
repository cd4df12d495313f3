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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * The one in-memory model of the Copilotz server: its state and its routes, answering as the open-source
 * server does (see the project's notes on the API): a generic CRUD over tasks, workflows and steps with
 * {@code _id}s, equality filters, lists wrapped in {@code {"data": [...]}}, partial PUT with a shallow context
 * merge, 200 with an empty body for a missing id, 500 envelopes for database failures, and a plain-text 404
 * for anything else. It is a MockWebServer {@link Dispatcher}.
 *
 * <p>Not an API: {@code FakeCopilotzServer} (artifact {@code copilotz-tasks-testing}) is built on it, and so
 * are the client's own tests, so that one model of the server serves both. Thread-safe.
 */
@SuppressWarnings("deprecation") // ObjectNode.fields(): the one way that works on every Jackson 2.x.
public final class FakeBackend extends Dispatcher {
  /** What an injected fault does with a call, given the way to answer it for real (which applies it). */
  @FunctionalInterface
  public interface FaultAction {
    /**
     * Answers {@code request} instead of the backend.
     *
     * @param request the call
     * @param realAnswer answers the call as the backend would, applying any write; call it at most once
     * @return the answer to send
     */
    MockResponse respond(RecordedRequest request, java.util.function.Supplier<MockResponse> realAnswer);
  }

  /** The fields of a task that the server stores and filters on. */
  public static final Set<String> TASK_FIELDS =
      Set.of("extId", "workflow", "currentStep", "status", "name", "description", "context");
  private static final List<String> NOT_NULL_TASK_FIELDS = List.of("extId", "name", "description");
  private static final Set<String> RESOURCES = Set.of("tasks", "workflows", "steps");

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

  /** Honours {@code limit} and {@code offset} when true; ignores them, as the real server does, when false. */
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
   * Makes the next {@code times} calls with this method and path pattern ({@code *} matches one segment) meet
   * {@code action} instead of the usual answer.
   */
  public synchronized void inject(String method, String pathPattern, int times, FaultAction action) {
    faults.add(new InjectedFault(method, pathPattern, times, action));
  }

  /**
   * Stores a row of {@code resource} ({@code tasks}, {@code workflows} or {@code steps}) as it is, assigning
   * an {@code _id} and timestamps where it has none, and returns a copy of it as stored.
   */
  public synchronized ObjectNode put(String resource, ObjectNode row) {
    ObjectNode stored = row.deepCopy();
    long id = stored.hasNonNull("_id") ? stored.get("_id").asLong() : nextIds.get(resource);
    nextIds.put(resource, Math.max(nextIds.get(resource), id + 1));
    stored.put("_id", id);
    String now = now();
    if (!stored.hasNonNull("createdAt")) {
      stored.put("createdAt", now);
    }
    if (!stored.hasNonNull("updatedAt")) {
      stored.put("updatedAt", now);
    }
    ObjectNode previous = tables.get(resource).put(id, stored);
    if (resource.equals("tasks")) {
      unindex(previous);
      index(stored);
    }
    return stored.deepCopy();
  }

  private void index(ObjectNode task) {
    if (task != null && task.hasNonNull("extId")) {
      tasksByExtId.computeIfAbsent(task.get("extId").asText(), key -> new java.util.TreeSet<>())
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

  /** Every request received since the start or the last {@link #reset()}, in order. */
  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Forgets every row, request and fault; goes back to wrapped lists and ignored paging. Keeps tokens and users. */
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

  /** Records {@code request}, then answers it: with the first matching injected fault, or as the server would. */
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

  /** Answers {@code request} as the server would, applying any write; no fault, no latency, not recorded. */
  public synchronized MockResponse answer(RecordedRequest request) {
    String method = request.getMethod();
    HttpUrl url = request.getUrl();
    List<String> path = url.pathSegments();
    if (!Set.of("GET", "POST", "PUT", "DELETE").contains(method)) {
      return moduleNotFound();
    }
    if (path.size() == 3 && path.get(0).equals("api") && path.get(1).equals("auth") && path.get(2).equals("login")
        && method.equals("POST")) {
      return login(request);
    }
    if (path.isEmpty() || !path.get(0).equals("rest") || path.size() < 2 || path.size() > 3
        || !RESOURCES.contains(path.get(1))) {
      return moduleNotFound();
    }
    if (!authorized(request)) {
      return envelope(401, "Unauthorized");
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
        return envelope(500, "Missing required fields: id");
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
      return envelope(401, "Invalid credentials");
    }
    String token = "tk_" + UUID.randomUUID().toString().replace("-", "");
    Instant expiresAt = clock.instant().plus(tokenLifetime).truncatedTo(ChronoUnit.MILLIS);
    tokens.put(token, expiresAt);
    return jsonResponse(200, json.createObjectNode().put("accessToken", token).put("expiresAt", expiresAt.toString()));
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
    List<ObjectNode> matching = new ArrayList<>();
    String extId = url.queryParameter("extId");
    Iterable<ObjectNode> candidates = tables.get(resource).values();
    if (resource.equals("tasks") && extId != null) {
      List<ObjectNode> indexed = new ArrayList<>();
      tasksByExtId.getOrDefault(extId, new java.util.TreeSet<>()).forEach(id -> indexed.add(tables.get("tasks").get(id)));
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
      matching = matching.subList(from, (int) Math.min(matching.size(), (long) from + Math.max(0, limit)));
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

  /** {@code _populate=workflow,currentStep} replaces those ids with the objects they name. */
  private ObjectNode populated(ObjectNode row, HttpUrl url) {
    String populate = url.queryParameter("_populate");
    if (populate == null) {
      return row;
    }
    ObjectNode copy = row.deepCopy();
    for (String field : populate.split(",")) {
      String resource = field.trim().equals("workflow") ? "workflows" : field.trim().equals("currentStep") ? "steps" : null;
      if (resource != null && copy.hasNonNull(field.trim())) {
        ObjectNode target = tables.get(resource).get(copy.get(field.trim()).asLong());
        if (target != null) {
          copy.set(field.trim(), target.deepCopy());
        }
      }
    }
    return copy;
  }

  private MockResponse found(String resource, long id, HttpUrl url) {
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
    ObjectNode row = json.createObjectNode();
    if (resource.equals("tasks")) {
      for (String field : NOT_NULL_TASK_FIELDS) {
        if (!body.hasNonNull(field)) {
          return envelope(500, "NOT NULL constraint failed: tasks." + field);
        }
      }
      body.fields().forEachRemaining(field -> {
        if (TASK_FIELDS.contains(field.getKey())) {
          row.set(field.getKey(), field.getValue());
        }
      });
    } else {
      body.fields().forEachRemaining(field -> row.set(field.getKey(), field.getValue()));
      row.remove("_id");
    }
    return jsonResponse(200, put(resource, row));
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

  private MockResponse applyUpdate(String resource, ObjectNode row, ObjectNode body) {
    ObjectNode changes = json.createObjectNode();
    body.fields().forEachRemaining(field -> {
      boolean known = resource.equals("tasks") ? TASK_FIELDS.contains(field.getKey()) : !field.getKey().equals("_id");
      if (known && !field.getValue().isNull()) {
        changes.set(field.getKey(), field.getValue());
      }
    });
    if (changes.isEmpty() || (changes.has("context") && changes.get("context").isObject() && changes.get("context").isEmpty())) {
      return envelope(500, "SQLITE_ERROR: near \"WHERE\": syntax error");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      if (field.getKey().equals("context") && value.isObject() && row.path("context").isObject()) {
        ((ObjectNode) row.get("context")).setAll((ObjectNode) value);
      } else if (isFalsy(value)) {
        // The real server stores falsy values (0, "", false) as NULL.
        if (resource.equals("tasks") && NOT_NULL_TASK_FIELDS.contains(field.getKey())) {
          return envelope(500, "NOT NULL constraint failed: tasks." + field.getKey());
        }
        row.putNull(field.getKey());
      } else {
        row.set(field.getKey(), value);
      }
    }
    row.put("updatedAt", now());
    return jsonResponse(200, row.deepCopy());
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

  private MockResponse jsonResponse(int code, JsonNode body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body.toString())
        .build();
  }

  private static MockResponse emptyOk() {
    return new MockResponse.Builder().code(200).build();
  }

  private static MockResponse moduleNotFound() {
    return new MockResponse.Builder()
        .code(404)
        .setHeader("Content-Type", "text/plain; charset=utf-8")
        .body("Module Not Found")
        .build();
  }

  private MockResponse envelope(int status, String message) {
    ObjectNode error =
        JsonNodeFactory.instance.objectNode()
            .put("message", message)
            .put("status", status)
            .put("stack", "Error: " + message + "\n    at FakeCopilotzServer");
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
