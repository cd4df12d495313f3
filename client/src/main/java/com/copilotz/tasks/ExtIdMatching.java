package com.copilotz.tasks;

import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
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

  /**
   * What an upsert compares of a task, in two 64-bit digests: {@code core} over status, name and description,
   * {@code context} over the whole context as canonical JSON (keys sorted, numbers by value, as
   * {@link #sameJson} compares). Equal digests mean equal values, but for a chance of 2^-64 per comparison.
   * {@code hasContext} is false for a desired task that sets no context, which then compares none.
   */
  record Fingerprint(long core, long context, boolean hasContext) {}

  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  });

  /** The fingerprint of a stored task. */
  static Fingerprint fingerprint(Task stored, ObjectMapper mapper) {
    return fingerprint(
        stored.getStatus() == null ? null : stored.getStatus().value(), stored.getName(), stored.getDescription(),
        stored.getContext(), true, mapper);
  }

  /** The fingerprint of the task {@code desired} describes. */
  static Fingerprint fingerprint(CreateTaskRequest desired, ObjectMapper mapper) {
    return fingerprint(
        desired.getStatus().value(), desired.getName(), desired.getDescription(), desired.getContext(),
        desired.getContext() != null, mapper);
  }

  private static Fingerprint fingerprint(
      String status, String name, String description, Map<String, Object> context, boolean hasContext,
      ObjectMapper mapper) {
    MessageDigest digest = SHA_256.get();
    digestText(digest, status);
    digestText(digest, name);
    digestText(digest, description);
    long core = firstLong(digest.digest());
    long contextDigest = 0;
    if (hasContext) {
      digestJson(digest, context == null ? mapper.createObjectNode() : mapper.valueToTree(context));
      contextDigest = firstLong(digest.digest());
    }
    return new Fingerprint(core, contextDigest, hasContext);
  }

  private static long firstLong(byte[] bytes) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[i] & 0xFF);
    }
    return value;
  }

  private static void digestText(MessageDigest digest, String text) {
    if (text == null) {
      digest.update((byte) 0);
      return;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update((byte) 1);
    digestInt(digest, bytes.length);
    digest.update(bytes);
  }

  private static void digestInt(MessageDigest digest, int value) {
    digest.update((byte) (value >>> 24));
    digest.update((byte) (value >>> 16));
    digest.update((byte) (value >>> 8));
    digest.update((byte) value);
  }

  /** Feeds a JSON value in a canonical form: object keys sorted, each number as its value. */
  private static void digestJson(MessageDigest digest, JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      digest.update((byte) 'n');
    } else if (node.isObject()) {
      digest.update((byte) '{');
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      digestInt(digest, names.size());
      for (String field : names) {
        digestText(digest, field);
        digestJson(digest, node.get(field));
      }
    } else if (node.isArray()) {
      digest.update((byte) '[');
      digestInt(digest, node.size());
      for (JsonNode element : node) {
        digestJson(digest, element);
      }
    } else if (node.isNumber()) {
      BigDecimal value = node.decimalValue().stripTrailingZeros();
      digest.update((byte) '#');
      digestInt(digest, value.signum() == 0 ? 0 : value.scale());
      byte[] unscaled = (value.signum() == 0 ? BigDecimal.ZERO : value).unscaledValue().toByteArray();
      digestInt(digest, unscaled.length);
      digest.update(unscaled);
    } else if (node.isBoolean()) {
      digest.update(node.booleanValue() ? (byte) 't' : (byte) 'f');
    } else {
      digest.update((byte) '"');
      digestText(digest, node.asText());
    }
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
