package com.copilotz.tasks;

/**
 * A reference of a task that a read can ask the server to send whole ({@code _populate}) instead of
 * as an id. The task's {@code getWorkflow()} and {@code getCurrentStep()} still return the ids; the
 * objects are read with {@link com.copilotz.tasks.model.Task#populatedWorkflow()} and {@link
 * com.copilotz.tasks.model.Task#populatedCurrentStep()}.
 *
 * <pre>{@code
 * Task task = client.getTask(42, Populate.WORKFLOW, Populate.CURRENT_STEP);   // one request
 * String step = task.populatedCurrentStep().map(Step::getName).orElse("?");
 * }</pre>
 */
public enum Populate {
  /** The task's workflow, read with {@link com.copilotz.tasks.model.Task#populatedWorkflow()}. */
  WORKFLOW("workflow"),
  /**
   * The task's current step, read with {@link
   * com.copilotz.tasks.model.Task#populatedCurrentStep()}.
   */
  CURRENT_STEP("currentStep");

  private final String field;

  Populate(String field) {
    this.field = field;
  }

  /**
   * The task field this reference is, as the server names it in {@code _populate}.
   *
   * @return {@code workflow} or {@code currentStep}
   */
  public String field() {
    return field;
  }
}
