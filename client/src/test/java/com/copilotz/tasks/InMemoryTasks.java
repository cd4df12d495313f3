package com.copilotz.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer dispatcher holding tasks in memory the way the real server treats them (list filters by
 * equality, ignored paging, partial PUT with a shallow context merge), with a hook to inject faults. It
 * counts creates per extId and the most requests ever in flight at once.
 */
final class InMemoryTasks extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TreeMap<Long, ObjectNode> tasks = new TreeMap<>();
  final Map<String, AtomicInteger> createsByExtId = new ConcurrentHashMap<>();
  final AtomicInteger writes = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger mostInFlight = new AtomicInteger();
  private volatile Function<RecordedRequest, MockResponse> faults = request -> null;
  private long nextId = 1;

  void faults(Function<RecordedRequest, MockResponse> faults) {
    this.faults = faults;
  }

  synchronized void seed(String extId, String status, String name, String description, Map<String, Object> context) {
    ObjectNode task = JSON.createObjectNode();
    task.put("_id", nextId);
    task.put("extId", extId);
    task.put("status", status);
    task.put("name", name);
    task.put("description", description);
    if (context != null) {
      task.set("context", JSON.valueToTree(context));
    }
    task.put("updatedAt", Instant.now().toString());
    tasks.put(nextId++, task);
  }

  synchronized List<ObjectNode> withExtId(String extId) {
    return tasks.values().stream().filter(t -> extId.equals(t.path("extId").asText())).toList();
  }

  synchronized int size() {
    return tasks.size();
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

  synchronized MockResponse answer(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    try {
      if (path.equals("/rest/tasks") && request.getMethod().equals("GET")) {
        ArrayNode data = JSON.createArrayNode();
        for (ObjectNode task : tasks.values()) {
          boolean matches = true;
          for (String name : request.getUrl().queryParameterNames()) {
            if (!name.equals("limit") && !name.equals("offset")) {
              matches &= request.getUrl().queryParameter(name).equals(task.path(name).asText());
            }
          }
          if (matches) {
            data.add(task);
          }
        }
        return Wire.json(JSON.createObjectNode().set("data", data).toString());
      }
      if (path.equals("/rest/tasks") && request.getMethod().equals("POST")) {
        ObjectNode task = (ObjectNode) JSON.readTree(request.getBody().utf8());
        task.put("_id", nextId);
        task.put("updatedAt", Instant.now().toString());
        tasks.put(nextId++, task);
        createsByExtId.computeIfAbsent(task.path("extId").asText(), k -> new AtomicInteger()).incrementAndGet();
        writes.incrementAndGet();
        return Wire.json(task.toString());
      }
      if (path.startsWith("/rest/tasks/") && request.getMethod().equals("PUT")) {
        ObjectNode task = tasks.get(Long.parseLong(path.substring("/rest/tasks/".length())));
        if (task == null) {
          return Wire.empty(200);
        }
        ObjectNode update = (ObjectNode) JSON.readTree(request.getBody().utf8());
        update.fields().forEachRemaining(field -> {
          if (field.getKey().equals("context") && task.has("context")) {
            ((ObjectNode) task.get("context")).setAll((ObjectNode) field.getValue());
          } else if (!field.getValue().isNull()) {
            task.set(field.getKey(), field.getValue());
          }
        });
        task.put("updatedAt", Instant.now().toString());
        writes.incrementAndGet();
        return Wire.json(task.toString());
      }
      return Wire.text(404, "text/plain", "Module Not Found");
    } catch (java.io.IOException e) {
      return Wire.json(500, "{\"error\":{\"message\":\"" + e.getMessage() + "\"}}");
    }
  }
}
