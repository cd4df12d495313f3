package com.copilotz.tasks.internal.worker;

import com.copilotz.tasks.model.Task;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A step worker's claim on a task, as it stands in the task's {@code context} under {@link #KEY}:
 * which step, which worker instance, when it was made and until when it stands, and how many
 * deliveries it counts. A claim is written before the handler runs and removed by the move (set to
 * null); one found on a task at its step is a delivery whose move was never written.
 *
 * @param step the step the claim is at
 * @param owner the worker instance that made it
 * @param claimedAt when it was made
 * @param expiresAt when it stops standing
 * @param deliveries how many deliveries at this step it counts, its own included
 */
record Claim(long step, String owner, Instant claimedAt, Instant expiresAt, int deliveries) {
  /** The key of the claim in a task's context. */
  static final String KEY = "copilotzClaim";

  /**
   * The claim on {@code task} at {@code step}, or null when it has none there (none, removed, at
   * another step, or unreadable).
   */
  static @Nullable Claim on(Task task, long step) {
    Map<String, Object> context = task.getContext();
    Object value = context == null ? null : context.get(KEY);
    if (!(value instanceof Map<?, ?> claim)) {
      return null;
    }
    try {
      Object claimedStep = claim.get("step");
      Object owner = claim.get("owner");
      Object deliveries = claim.get("deliveries");
      if (!(claimedStep instanceof Number)
          || ((Number) claimedStep).longValue() != step
          || !(owner instanceof String)) {
        return null;
      }
      return new Claim(
          step,
          (String) owner,
          Instant.parse(String.valueOf(claim.get("claimedAt"))),
          Instant.parse(String.valueOf(claim.get("expiresAt"))),
          deliveries instanceof Number ? ((Number) deliveries).intValue() : 1);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The claim {@code owner} makes at {@code now}, after {@code before} (or none). */
  static Claim next(long step, String owner, Instant now, Duration ttl, @Nullable Claim before) {
    return new Claim(step, owner, now, now.plus(ttl), before == null ? 1 : before.deliveries() + 1);
  }

  /** Whether it stands at {@code now}. */
  boolean standsAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /** Whether it stands at {@code now} for another instance than {@code self}. */
  boolean heldByAnotherAt(String self, Instant now) {
    return !owner.equals(self) && standsAt(now);
  }

  /** Whether {@code other} is this very claim (the one this worker wrote). */
  boolean sameAs(@Nullable Claim other) {
    return other != null
        && other.owner.equals(owner)
        && other.claimedAt.equals(claimedAt)
        && other.step == step;
  }

  /** The claim as the context holds it. */
  Map<String, Object> toContext() {
    Map<String, Object> claim = new LinkedHashMap<>();
    claim.put("step", step);
    claim.put("owner", owner);
    claim.put("claimedAt", claimedAt.toString());
    claim.put("expiresAt", expiresAt.toString());
    claim.put("deliveries", deliveries);
    return claim;
  }

  /** The context patch that removes a claim: the key set to null. */
  static Map<String, Object> removal() {
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put(KEY, null);
    return patch;
  }

  Claim {
    Objects.requireNonNull(owner, "owner");
  }
}
