package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.WorkflowField;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a task is matched to an external record by its extId, and what an upsert sends: which of
 * several tasks with one extId counts, and the update that makes a stored task match a desired one
 * (what an ambiguous create made is {@link Settling}'s to say). Decisions only: the calls are made
 * by {@link Operations}.
 */
public final class ExtIdMatching {
  private ExtIdMatching() {}

  /**
   * Of several tasks with one extId, the one the agent would pick: newest updatedAt, then highest
   * id.
   */
  static Optional<Task> newest(List<Task> tasks) {
    Comparator<OffsetDateTime> updatedAt = Comparator.nullsFirst(Comparator.naturalOrder());
    Comparator<Long> id = Comparator.nullsFirst(Comparator.naturalOrder());
    return tasks.stream()
        .max(Comparator.comparing(Task::getUpdatedAt, updatedAt).thenComparing(Task::getId, id));
  }

  /**
   * The update that makes {@code current} match {@code desired}: the fields {@code desired} sets
   * that differ (of the workflow's fields, only those in {@code owned}), and the context keys whose
   * stored values are not what writing the desired ones would store (compared as JSON, numbers by
   * their double, so 3 and 3L are equal; and {@code false} is kept by the string {@code "null"} a
   * PUT stores for it: see {@link ContextCoercion}). Null when nothing differs.
   */
  static @Nullable UpdateTaskRequest difference(
      Task current, CreateTaskRequest desired, Set<WorkflowField> owned, ObjectMapper mapper) {
    UpdateTaskRequest update = new UpdateTaskRequest();
    boolean differs = false;
    if (owned.contains(WorkflowField.WORKFLOW)
        && differsIn(WorkflowField.WORKFLOW, current, desired)) {
      update.workflow(desired.getWorkflow());
      differs = true;
    }
    if (owned.contains(WorkflowField.CURRENT_STEP)
        && differsIn(WorkflowField.CURRENT_STEP, current, desired)) {
      update.currentStep(desired.getCurrentStep());
      differs = true;
    }
    if (owned.contains(WorkflowField.STATUS) && differsIn(WorkflowField.STATUS, current, desired)) {
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
    Map<String, Object> contextPatch =
        contextDifference(current.getContext(), desired.getContext(), mapper);
    if (!contextPatch.isEmpty()) {
      update.context(contextPatch);
      differs = true;
    }
    return differs ? update : null;
  }

  /** True when {@code desired} sets {@code field} and {@code current} holds another value. */
  static boolean differsIn(WorkflowField field, Task current, CreateTaskRequest desired) {
    switch (field) {
      case WORKFLOW:
        return desired.getWorkflow() != null
            && !desired.getWorkflow().equals(current.getWorkflow());
      case CURRENT_STEP:
        return desired.getCurrentStep() != null
            && !desired.getCurrentStep().equals(current.getCurrentStep());
      default:
        return desired.getStatus() != null && !desired.getStatus().equals(current.getStatus());
    }
  }

  /**
   * True when {@code current} differs from {@code desired} in a field the caller leaves to the
   * agent (one not in {@code owned}).
   */
  static boolean differsInFieldsLeftToTheAgent(
      Task current, CreateTaskRequest desired, Set<WorkflowField> owned) {
    for (WorkflowField field : WorkflowField.values()) {
      if (!owned.contains(field) && differsIn(field, current, desired)) {
        return true;
      }
    }
    return false;
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
          || !keeps(mapper, stored.get(entry.getKey()), entry.getValue())) {
        patch.put(entry.getKey(), entry.getValue());
      }
    }
    return patch;
  }

  /**
   * What an upsert compares of a task, in 64-bit digests: {@code core} over name and description,
   * {@code status} over the status (compared only when a sync owns it), {@code context} over the
   * whole context as canonical JSON (keys sorted, numbers by their double, as {@link
   * ContextCoercion#sameStoredJson} compares). Equal digests mean equal values, but for a chance of
   * 2^-64 per comparison.
   *
   * <p>For a desired task, {@code contextAsUpdated} digests the context as a PUT would store it
   * (see {@link ContextCoercion}), and {@code hasContext} is false when it sets no context, which
   * then compares none. For a stored task, {@code storedAsCreated} is true when a top-level value
   * is not what a PUT would have stored (a POST stored {@code false} as it was sent): then only
   * {@code context} can match it exactly.
   */
  public record Fingerprint(
      long core,
      long status,
      long context,
      long contextAsUpdated,
      boolean hasContext,
      boolean storedAsCreated) {
    /**
     * True when a stored task with these {@code core} and {@code context} digests holds everything
     * {@code desired} would set: the same context, or (unless {@code storedAsCreated}) what a PUT
     * of the desired one would store.
     */
    public static boolean holds(
        long core, long context, boolean storedAsCreated, Fingerprint desired) {
      return desired.core == core
          && (!desired.hasContext
              || desired.context == context
              || (!storedAsCreated && desired.contextAsUpdated == context));
    }
  }

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
          });

  /**
   * The fingerprint of a stored task.
   *
   * @param stored the task
   * @param mapper the client's mapper
   * @return its fingerprint
   */
  public static Fingerprint fingerprint(Task stored, ObjectMapper mapper) {
    long core = core(stored.getName(), stored.getDescription());
    long status = status(stored.getStatus() == null ? null : stored.getStatus().value());
    JsonNode context =
        stored.getContext() == null
            ? mapper.createObjectNode()
            : mapper.valueToTree(stored.getContext());
    boolean asCreated = false;
    for (JsonNode value : context) {
      asCreated |= ContextCoercion.storedAsCreated(value);
    }
    long digest = contextDigest(context, false);
    return new Fingerprint(core, status, digest, digest, true, asCreated);
  }

  /**
   * The fingerprint of the task {@code desired} describes.
   *
   * @param desired the task as it should be
   * @param mapper the client's mapper
   * @return its fingerprint
   */
  public static Fingerprint fingerprint(CreateTaskRequest desired, ObjectMapper mapper) {
    long core = core(desired.getName(), desired.getDescription());
    long status = status(desired.getStatus() == null ? null : desired.getStatus().value());
    if (desired.getContext() == null) {
      return new Fingerprint(core, status, 0, 0, false, false);
    }
    JsonNode context = mapper.valueToTree(desired.getContext());
    boolean coerced = false;
    for (JsonNode value : context) {
      coerced |= ContextCoercion.storedByUpdate(value) != value;
    }
    long digest = contextDigest(context, false);
    return new Fingerprint(
        core, status, digest, coerced ? contextDigest(context, true) : digest, true, false);
  }

  private static long core(@Nullable String name, @Nullable String description) {
    MessageDigest digest = SHA_256.get();
    digestText(digest, name);
    digestText(digest, description);
    return firstLong(digest.digest());
  }

  /** The digest of a status; 0 for none (a row that sets none compares none). */
  private static long status(@Nullable String status) {
    if (status == null) {
      return 0;
    }
    MessageDigest digest = SHA_256.get();
    digestText(digest, status);
    long value = firstLong(digest.digest());
    return value == 0 ? 1 : value;
  }

  /** The digest of a context, or of what a PUT of it would store when {@code asUpdated}. */
  private static long contextDigest(JsonNode context, boolean asUpdated) {
    MessageDigest digest = SHA_256.get();
    if (asUpdated && context.isObject()) {
      digestObject(digest, context, true);
    } else {
      digestJson(digest, context);
    }
    return firstLong(digest.digest());
  }

  private static long firstLong(byte[] bytes) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[i] & 0xFF);
    }
    return value;
  }

  private static void digestText(MessageDigest digest, @Nullable String text) {
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

  /** Feeds a JSON value in a canonical form: object keys sorted, each number as its double. */
  private static void digestJson(MessageDigest digest, JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      digest.update((byte) 'n');
    } else if (node.isObject()) {
      digestObject(digest, node, false);
    } else if (node.isArray()) {
      digest.update((byte) '[');
      digestInt(digest, node.size());
      for (JsonNode element : node) {
        digestJson(digest, element);
      }
    } else if (node.isNumber()) {
      double value = node.doubleValue();
      if (Double.isInfinite(value) || Double.isNaN(value)) {
        // The server's JavaScript writes a number it cannot hold as null.
        digest.update((byte) 'n');
        return;
      }
      // Numbers compare by their double (ContextCoercion): 3, 3L and 3.0 digest alike.
      long bits = Double.doubleToLongBits(value == 0 ? 0.0 : value);
      digest.update((byte) '#');
      digestInt(digest, (int) (bits >>> 32));
      digestInt(digest, (int) bits);
    } else if (node.isBoolean()) {
      digest.update(node.booleanValue() ? (byte) 't' : (byte) 'f');
    } else {
      digest.update((byte) '"');
      digestText(digest, node.asText());
    }
  }

  /**
   * Feeds an object, keys sorted; with each top-level value as a PUT would store it when {@code
   * asUpdated}.
   */
  private static void digestObject(MessageDigest digest, JsonNode node, boolean asUpdated) {
    digest.update((byte) '{');
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    Collections.sort(names);
    digestInt(digest, names.size());
    for (String field : names) {
      digestText(digest, field);
      JsonNode value = node.get(field);
      digestJson(digest, asUpdated ? ContextCoercion.storedByUpdate(value) : value);
    }
  }

  /**
   * True when {@code stored}, a top-level context value, is what writing {@code desired} under its
   * key would leave stored (see {@link ContextCoercion#keeps}).
   */
  static boolean keeps(ObjectMapper mapper, Object stored, Object desired) {
    if (Objects.equals(stored, desired)) {
      return true;
    }
    return ContextCoercion.keeps(mapper.valueToTree(stored), mapper.valueToTree(desired));
  }
}
