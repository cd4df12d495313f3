package com.copilotz.tasks;

import com.copilotz.tasks.internal.ops.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link StepHandler} decided to do with a task it handled, which its {@link StepWorker}
 * then writes with a guarded move (see {@link TasksClient#advance(long, At)}): {@link #advance()}
 * the task to the step's {@code next} (completing it at the last step), {@link #complete()} it,
 * {@link #fail(String)} it (to the step's {@code failedNext} when it has one), set it {@link
 * #pending()} at the step, or {@link #leave()} it as it is. Immutable and thread-safe.
 *
 * <pre>{@code
 * StepHandler handler = task -> StepAction.advance(Map.of("emailSent", true));
 * }</pre>
 */
public final class StepAction {
  /** The kinds of action. */
  public enum Kind {
    /** To the step's {@code next} as active, or completed at the last step, with a patch. */
    ADVANCE,
    /** Status completed, at the same step. */
    COMPLETE,
    /** Status failed, at the step's {@code failedNext} when it has one, with the reason. */
    FAIL,
    /** Status pending, at the same step. */
    PENDING,
    /** Nothing is written. */
    LEAVE
  }

  private static final StepAction ADVANCE = new StepAction(Kind.ADVANCE, Map.of(), null);
  private static final StepAction COMPLETE = new StepAction(Kind.COMPLETE, Map.of(), null);
  private static final StepAction PENDING = new StepAction(Kind.PENDING, Map.of(), null);
  private static final StepAction LEAVE = new StepAction(Kind.LEAVE, Map.of(), null);

  private final Kind kind;
  private final Map<String, Object> contextPatch;
  private final String reason;

  private StepAction(Kind kind, Map<String, Object> contextPatch, String reason) {
    this.kind = kind;
    this.contextPatch = contextPatch;
    this.reason = reason;
  }

  /**
   * Moves the task to the step's {@code next} as active, or completes it when the step is the last.
   *
   * @return the action
   */
  public static StepAction advance() {
    return ADVANCE;
  }

  /**
   * Moves the task on as {@link #advance()} does, and merges {@code contextPatch} into its context
   * in the same write (each top-level key replaces the stored one): put what the step produced
   * there, and a marker that makes a second run of the handler harmless.
   *
   * @param contextPatch the context keys to set; may be empty; copied
   * @return the action
   * @throws NullPointerException if {@code contextPatch} or one of its keys is null
   */
  public static StepAction advance(Map<String, ?> contextPatch) {
    Objects.requireNonNull(contextPatch, "contextPatch");
    Map<String, Object> copy = new LinkedHashMap<>();
    contextPatch.forEach(
        (key, value) -> copy.put(Objects.requireNonNull(key, "a key of contextPatch"), value));
    return copy.isEmpty()
        ? ADVANCE
        : new StepAction(Kind.ADVANCE, Collections.unmodifiableMap(copy), null);
  }

  /**
   * Marks the task completed where it is.
   *
   * @return the action
   */
  public static StepAction complete() {
    return COMPLETE;
  }

  /**
   * Marks the task failed, as {@link TasksClient#fail(long, String)} does: it goes to the step's
   * {@code failedNext} when the step has one, and keeps {@code reason} in its context.
   *
   * @param reason why the task failed
   * @return the action
   * @throws NullPointerException if {@code reason} is null
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  public static StepAction fail(String reason) {
    return new StepAction(Kind.FAIL, Map.of(), Checks.requireNonBlank(reason, "reason"));
  }

  /**
   * Sets the task {@code pending} at the step: waiting for something outside the workflow. A worker
   * that handles only {@code active} tasks (the default) does not hand it out again.
   *
   * @return the action
   */
  public static StepAction pending() {
    return PENDING;
  }

  /**
   * Leaves the task as it is: nothing is written, and the worker does not hand it out again until
   * it changes (its {@code updatedAt} moves) or the worker is started again.
   *
   * @return the action
   */
  public static StepAction leave() {
    return LEAVE;
  }

  /**
   * Returns the kind of action.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the context keys an advance sets.
   *
   * @return the patch, unmodifiable; empty for the other kinds
   */
  public Map<String, Object> contextPatch() {
    return contextPatch;
  }

  /**
   * Returns why a failed task failed.
   *
   * @return the reason, or empty for the other kinds
   */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** Describes the action: {@code advance {emailSent=true}}, {@code fail (no email)}. */
  @Override
  public String toString() {
    String name = kind.name().toLowerCase(Locale.ROOT);
    if (reason != null) {
      return name + " (" + reason + ")";
    }
    return contextPatch.isEmpty() ? name : name + " " + contextPatch;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof StepAction
        && ((StepAction) other).kind == kind
        && ((StepAction) other).contextPatch.equals(contextPatch)
        && Objects.equals(((StepAction) other).reason, reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, contextPatch, reason);
  }
}
