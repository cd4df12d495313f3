package com.copilotz.tasks;

import com.copilotz.tasks.testing.backend.FakeBackend;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The project's one in-memory model of the server ({@link FakeBackend}, the model behind
 * FakeCopilotzServer), for the client's tests: it accepts {@link Wire#TOKEN}, lets a test answer
 * any request in its place, and counts the writes it applied and the most requests it ever held at
 * once.
 */
final class BackendWithFaults extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  final FakeBackend backend = new FakeBackend();
  final Map<String, AtomicInteger> createsByExtId = new ConcurrentHashMap<>();
  final AtomicInteger writes = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger mostInFlight = new AtomicInteger();
  private volatile Function<RecordedRequest, MockResponse> faults = request -> null;

  BackendWithFaults() {
    backend.registerToken(Wire.TOKEN);
  }

  /**
   * Answers every request for which {@code faults} returns a response with that response instead.
   */
  void faults(Function<RecordedRequest, MockResponse> faults) {
    this.faults = faults;
  }

  /** Stores a task as the server would hold it. */
  void seed(
      String extId, String status, String name, String description, Map<String, Object> context) {
    ObjectNode task =
        JSON.createObjectNode()
            .put("extId", extId)
            .put("status", status)
            .put("name", name)
            .put("description", description);
    if (context != null) {
      task.set("context", JSON.valueToTree(context));
    }
    backend.put("tasks", task);
  }

  List<ObjectNode> withExtId(String extId) {
    return backend.rows("tasks").stream()
        .filter(t -> extId.equals(t.path("extId").asText()))
        .collect(Collectors.toList());
  }

  int size() {
    return backend.rows("tasks").size();
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    int now = inFlight.incrementAndGet();
    mostInFlight.accumulateAndGet(now, Math::max);
    try {
      MockResponse fault = faults.apply(request);
      return fault != null ? fault : answer(request);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Answers as the server would, applying any write. */
  MockResponse answer(RecordedRequest request) {
    MockResponse answer = backend.dispatch(request);
    boolean write = request.getMethod().equals("POST") || request.getMethod().equals("PUT");
    if (write && answer.getCode() == 200) {
      writes.incrementAndGet();
      if (request.getMethod().equals("POST")
          && request.getUrl().encodedPath().equals("/rest/tasks")) {
        String extId = readTree(request.getBody().utf8()).path("extId").asText();
        createsByExtId.computeIfAbsent(extId, key -> new AtomicInteger()).incrementAndGet();
      }
    }
    return answer;
  }
}
