package com.copilotz.tasks;

import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a task is matched to an external record by its extId, and what an upsert sends: which of several
 * tasks with one extId counts, whether an ambiguous create made a task, and the update that makes a stored
 * task match a desired one. Decisions only: the calls are made by {@link Operations}.
 */
final class ExtIdMatching {
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  private ExtIdMatching() {}

  /** Of several tasks with one extId, the one the agent would pick: newest updatedAt, then highest id. */
  static Optional<Task> newest(List<Task> tasks) {
    Comparator<OffsetDateTime> updatedAt = Comparator.nullsFirst(Comparator.naturalOrder());
    Comparator<Long> id = Comparator.nullsFirst(Comparator.naturalOrder());
    return tasks.stream()
        .max(Comparator.comparing(Task::getUpdatedAt, updatedAt).thenComparing(Task::getId, id));
  }

  /**
   * Of the tasks with a create's extId, the newest that holds every field the create sent: what an ambiguous
   * create made, if it made anything.
   */
  static Optional<Task> createdBy(List<Task> tasks, CreateTaskRequest request, ObjectMapper mapper) {
    List<Task> matching = new ArrayList<>();
    for (Task task : tasks) {
      if (request.getExtId().equals(task.getExtId()) && difference(task, request, mapper) == null) {
        matching.add(task);
      }
    }
    return newest(matching);
  }

  /**
   * The update that makes {@code current} match {@code desired}: the fields {@code desired} sets that differ,
   * and the context keys whose values differ (compared as JSON, so 3 and 3L are equal). Null when nothing
   * differs.
   */
  static UpdateTaskRequest difference(Task current, CreateTaskRequest desired, ObjectMapper mapper) {
    UpdateTaskRequest update = new UpdateTaskRequest();
    boolean differs = false;
    if (desired.getWorkflow() != null && !desired.getWorkflow().equals(current.getWorkflow())) {
      update.workflow(desired.getWorkflow());
      differs = true;
    }
    if (desired.getCurrentStep() != null && !desired.getCurrentStep().equals(current.getCurrentStep())) {
      update.currentStep(desired.getCurrentStep());
      differs = true;
    }
    if (!desired.getStatus().equals(current.getStatus())) {
      update.status(desired.getStatus());
      differs = true;
    }
    if (!desired.getName().equals(current.getName())) {
      update.name(desired.getName());
      differs = true;
    }
    if (!desired.getDescription().equals(current.getDescription())) {
      update.description(desired.getDescription());
      differs = true;
    }
    Map<String, Object> contextPatch = contextDifference(current.getContext(), desired.getContext(), mapper);
    if (!contextPatch.isEmpty()) {
      update.context(contextPatch);
      differs = true;
    }
    return differs ? update : null;
  }

  private static Map<String, Object> contextDifference(
      Map<String, Object> current, Map<String, Object> desired, ObjectMapper mapper) {
    Map<String, Object> patch = new LinkedHashMap<>();
    if (desired == null) {
      return patch;
    }
    Map<String, Object> stored = current == null ? Map.of() : current;
    for (Map.Entry<String, Object> entry : desired.entrySet()) {
      if (!stored.containsKey(entry.getKey())
          || !sameJson(mapper, entry.getValue(), stored.get(entry.getKey()))) {
        patch.put(entry.getKey(), entry.getValue());
      }
    }
    return patch;
  }

  /** True when {@code a} and {@code b} are the same JSON value; numbers compare by value. */
  static boolean sameJson(ObjectMapper mapper, Object a, Object b) {
    if (Objects.equals(a, b)) {
      return true;
    }
    JsonNode left = mapper.valueToTree(a);
    JsonNode right = mapper.valueToTree(b);
    return left.equals(NUMBERS_BY_VALUE, right);
  }
}
