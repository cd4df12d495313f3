package com.copilotz.tasks;

import com.copilotz.tasks.internal.ops.WorkflowMoves;
import com.copilotz.tasks.model.Task;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What was recorded about why a task failed, read from its context where each writer records it:
 *
 * <ul>
 *   <li>the Copilotz agent, when a step fails ({@code taskManager}), stores {@code
 *       context.steps[<step name>] = {args, results: {error}, updatedAt}} and merges the results
 *       into {@code context.state} (so {@code context.state.error} too): the newest step record
 *       with an {@code error} counts, with its step's name;
 *   <li>this SDK's {@code fail(id, reason)} and a step worker's {@code StepAction.fail(reason)}
 *       store {@code context.failureReason} ({@link TasksClient#FAILURE_REASON_KEY}).
 * </ul>
 *
 * The fake server's agent records a failure where the real one does.
 *
 * @param step the name of the step the agent failed at, or null when the record names none
 * @param reason what was recorded, as text ({@code "(nothing recorded)"} when the agent's error is
 *     an empty object, as the server stores a JavaScript {@code Error})
 */
public record TaskFailure(@Nullable String step, String reason) {
  /**
   * Creates a record of a failure.
   *
   * @param step the step's name, or null
   * @param reason what was recorded
   * @throws NullPointerException if {@code reason} is null
   */
  public TaskFailure {
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Reads what {@code task}'s context records about a failure, as this type's description says.
   *
   * @param task a task
   * @return the failure recorded, or empty when the context records none
   * @throws NullPointerException if {@code task} is null
   */
  public static Optional<TaskFailure> of(Task task) {
    Map<String, Object> context = Objects.requireNonNull(task, "task").getContext();
    if (context == null) {
      return Optional.empty();
    }
    String newestStep = null;
    String newestAt = null;
    Object newestError = null;
    if (context.get("steps") instanceof Map<?, ?> steps) {
      for (Map.Entry<?, ?> entry : steps.entrySet()) {
        if (entry.getValue() instanceof Map<?, ?> stepRecord
            && stepRecord.get("results") instanceof Map<?, ?> results
            && results.containsKey("error")) {
          String at =
              stepRecord.get("updatedAt") == null
                  ? ""
                  : String.valueOf(stepRecord.get("updatedAt"));
          if (newestAt == null || at.compareTo(newestAt) > 0) {
            newestStep = String.valueOf(entry.getKey());
            newestAt = at;
            newestError = results.get("error");
          }
        }
      }
    }
    if (newestAt != null) {
      return Optional.of(new TaskFailure(newestStep, text(newestError)));
    }
    if (context.get(WorkflowMoves.FAILURE_REASON_KEY) != null) {
      return Optional.of(
          new TaskFailure(null, text(context.get(WorkflowMoves.FAILURE_REASON_KEY))));
    }
    if (context.get("state") instanceof Map<?, ?> state && state.containsKey("error")) {
      return Optional.of(new TaskFailure(null, text(state.get("error"))));
    }
    return Optional.empty();
  }

  private static String text(@Nullable Object error) {
    if (error == null || (error instanceof Map<?, ?> map && map.isEmpty())) {
      return "(nothing recorded)";
    }
    if (error instanceof Map<?, ?> map && map.get("message") != null) {
      return String.valueOf(map.get("message"));
    }
    return String.valueOf(error);
  }

  /**
   * Says where and why: {@code at step Confirm: mailbox full}, or {@code mailbox full}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return step == null ? reason : "at step " + step + ": " + reason;
  }
}
