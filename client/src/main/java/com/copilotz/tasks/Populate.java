package com.copilotz.tasks;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A reference of a task that a read can ask the server to send whole ({@code _populate}) instead of as an id.
 * The task's {@code getWorkflow()} and {@code getCurrentStep()} still return the ids; the objects are read with
 * {@link com.copilotz.tasks.model.Task#populatedWorkflow()} and
 * {@link com.copilotz.tasks.model.Task#populatedCurrentStep()}.
 *
 * <pre>{@code
 * Task task = client.getTask(42, Populate.WORKFLOW, Populate.CURRENT_STEP);   // one request
 * String step = task.populatedCurrentStep().map(Step::getName).orElse("?");
 * }</pre>
 */
public enum Populate {
  /** The task's workflow, read with {@link com.copilotz.tasks.model.Task#populatedWorkflow()}. */
  WORKFLOW("workflow"),
  /** The task's current step, read with {@link com.copilotz.tasks.model.Task#populatedCurrentStep()}. */
  CURRENT_STEP("currentStep");

  private final String field;

  Populate(String field) {
    this.field = field;
  }

  /** The references passed to a method as its parameter {@code name}, checked. */
  static Set<Populate> setOf(String name, Populate... references) {
    Set<Populate> set = EnumSet.noneOf(Populate.class);
    for (Populate reference : Objects.requireNonNull(references, name)) {
      set.add(Objects.requireNonNull(reference, name));
    }
    return set;
  }

  /** The {@code _populate} query value for {@code references}, or null when there is none. */
  static String queryValue(Set<Populate> references) {
    if (references.isEmpty()) {
      return null;
    }
    StringJoiner value = new StringJoiner(",");
    for (Populate reference : values()) {
      if (references.contains(reference)) {
        value.add(reference.field);
      }
    }
    return value.toString();
  }
}
