package com.copilotz.tasks;

import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.WorkflowException;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the workflow and extId helpers decide, apart from the calls they make; shared by the blocking and
 * the async client. It moves tasks as the Copilotz agent does ({@code taskManager}): success goes to the
 * step's {@code next}, or completes the task at the last step; failure goes to {@code failedNext} when there
 * is one.
 */
final class Workflows {
  private Workflows() {}

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

  /** Says which step is missing when the task's step cannot be read. */
  static WorkflowException missingStep(Task task, NotFoundException cause) {
    return new WorkflowException(
        "Task " + task.getId() + " is at step " + task.getCurrentStep() + ", which does not exist", cause);
  }

  /** To the step's {@code next} as active, or completed at the last step, with the patch in the same PUT. */
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
            .context(new LinkedHashMap<>(Map.of(TasksClient.FAILURE_REASON_KEY, reason)));
    if (step.getFailedNext() != null) {
      update.currentStep(step.getFailedNext());
    }
    return update;
  }

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

  private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  static boolean sameJson(ObjectMapper mapper, Object a, Object b) {
    if (Objects.equals(a, b)) {
      return true;
    }
    JsonNode left = mapper.valueToTree(a);
    JsonNode right = mapper.valueToTree(b);
    return left.equals(NUMBERS_BY_VALUE, right);
  }

  /**
   * Walks a workflow's chain of steps from {@code firstStep} through each {@code next}, and stops with a
   * clear error on a loop or on a {@code next} that points nowhere.
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
            "Workflow " + workflow.getId() + " loops: step " + lastStepId() + " leads back to step " + next, null);
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
          "Workflow " + workflow.getId() + ": step " + stepId + " (" + from + ") does not exist", cause);
    }

    List<Step> steps() {
      return List.copyOf(steps);
    }

    private Long lastStepId() {
      return steps.get(steps.size() - 1).getId();
    }
  }
}
