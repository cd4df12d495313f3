package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.At;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.TaskMovedException;
import com.copilotz.tasks.errors.WorkflowException;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a task moves through its workflow, as the Copilotz agent moves it ({@code taskManager}):
 * success goes to the step's {@code next}, or completes the task at the last step; failure goes to
 * {@code failedNext} when there is one. Decisions only: the calls are made by {@link Operations}.
 */
public final class WorkflowMoves {
  /** The context key that keeps a failure's reason. */
  public static final String FAILURE_REASON_KEY = "failureReason";

  private WorkflowMoves() {}

  /** The step a task is at; fails, with no write, when it has no step or no workflow. */
  static long currentStepOf(Task task) {
    if (task.getWorkflow() == null) {
      throw new WorkflowException("Task " + task.getId() + " has no workflow", null);
    }
    if (task.getCurrentStep() == null) {
      throw new WorkflowException("Task " + task.getId() + " has no currentStep", null);
    }
    return task.getCurrentStep();
  }

  /**
   * Checks that {@code task} is where the caller of a guarded move expects it: at {@code
   * expected}'s step, with its status when it names one.
   *
   * @throws TaskMovedException naming both places, when it is elsewhere
   */
  static Task requireAt(Task task, At expected) {
    if (isAt(task, expected)) {
      return task;
    }
    throw new TaskMovedException(
        "Task "
            + task.getId()
            + " is at "
            + place(task)
            + ", not at "
            + expected
            + " as expected: it was moved meanwhile (by the agent or another process), and nothing"
            + " was written",
        task,
        expected.stepId(),
        expected.status().orElse(null));
  }

  /** True when {@code task} is at {@code expected}'s step, with its status when it names one. */
  static boolean isAt(Task task, At expected) {
    boolean atStep = task.getCurrentStep() != null && task.getCurrentStep() == expected.stepId();
    return atStep && expected.status().map(s -> s.equals(task.getStatus())).orElse(true);
  }

  /** Where a task is, as the guarded moves say it: {@code step 3 (active)}. */
  static String place(Task task) {
    String step = task.getCurrentStep() == null ? "no step" : "step " + task.getCurrentStep();
    return task.getStatus() == null ? step : step + " (" + task.getStatus().value() + ")";
  }

  /** Says which step is missing when the task's step cannot be read. */
  static WorkflowException missingStep(Task task, NotFoundException cause) {
    return new WorkflowException(
        "Task " + task.getId() + " is at step " + task.getCurrentStep() + ", which does not exist",
        cause);
  }

  /**
   * To the step's {@code next} as active, or completed at the last step, with the patch in the same
   * PUT.
   */
  static UpdateTaskRequest advance(Step step, Map<String, ?> contextPatch) {
    UpdateTaskRequest update = new UpdateTaskRequest();
    if (step.getNext() != null) {
      update.currentStep(step.getNext()).status(TaskStatus.ACTIVE);
    } else {
      update.status(TaskStatus.COMPLETED);
    }
    if (!contextPatch.isEmpty()) {
      update.context(new LinkedHashMap<>(contextPatch));
    }
    return update;
  }

  /** Failed, at {@code failedNext} when the step has one, with the reason in the context. */
  static UpdateTaskRequest fail(Step step, String reason) {
    UpdateTaskRequest update =
        new UpdateTaskRequest()
            .status(TaskStatus.FAILED)
            .context(new LinkedHashMap<>(Map.of(FAILURE_REASON_KEY, reason)));
    if (step.getFailedNext() != null) {
      update.currentStep(step.getFailedNext());
    }
    return update;
  }

  /**
   * Walks a workflow's chain of steps from {@code firstStep} through each {@code next}, and stops
   * with a clear error on a loop or on a {@code next} that points nowhere.
   */
  static final class StepChain {
    private final Workflow workflow;
    private final List<Step> steps = new ArrayList<>();
    private final Set<Long> visited = new HashSet<>();
    private Long next;

    StepChain(Workflow workflow) {
      this.workflow = workflow;
      this.next = workflow.getFirstStep();
    }

    /** The id of the step to read next, or null when the chain has ended. */
    Long next() {
      if (next != null && !visited.add(next)) {
        throw new WorkflowException(
            "Workflow "
                + workflow.getId()
                + " loops: step "
                + lastStepId()
                + " leads back to step "
                + next,
            null);
      }
      return next;
    }

    void add(Step step) {
      steps.add(step);
      next = step.getNext();
    }

    WorkflowException missing(long stepId, NotFoundException cause) {
      String from = steps.isEmpty() ? "its firstStep" : "the next of step " + lastStepId();
      return new WorkflowException(
          "Workflow " + workflow.getId() + ": step " + stepId + " (" + from + ") does not exist",
          cause);
    }

    List<Step> steps() {
      return List.copyOf(steps);
    }

    private Long lastStepId() {
      return steps.get(steps.size() - 1).getId();
    }
  }
}
