package com.copilotz.tasks.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.WorkflowException;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the helpers move a task, decided alone: the update each move sends, and the chain of steps.
 */
class WorkflowMovesTest {
  @Test
  void advanceGoesToTheNextStepOrCompletesAtTheLast() {
    UpdateTaskRequest next = WorkflowMoves.advance(new Step().id(1L).next(2L), Map.of("k", "v"));
    UpdateTaskRequest last = WorkflowMoves.advance(new Step().id(3L), Map.of());

    assertThat(next.getCurrentStep()).isEqualTo(2L);
    assertThat(next.getStatus()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(next.getContext()).containsExactly(Map.entry("k", "v"));
    assertThat(last.getCurrentStep()).isNull();
    assertThat(last.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(last.getContext()).isNull();
  }

  @Test
  void failGoesToFailedNextWhenTheStepHasOneAndKeepsTheReason() {
    UpdateTaskRequest withFailedNext =
        WorkflowMoves.fail(new Step().id(1L).next(2L).failedNext(9L), "declined");
    UpdateTaskRequest stays = WorkflowMoves.fail(new Step().id(1L).next(2L), "declined");

    assertThat(withFailedNext.getCurrentStep()).isEqualTo(9L);
    assertThat(stays.getCurrentStep()).isNull();
    assertThat(stays.getStatus()).isEqualTo(TaskStatus.FAILED);
    assertThat(stays.getContext())
        .containsExactly(Map.entry(WorkflowMoves.FAILURE_REASON_KEY, "declined"));
  }

  @Test
  void aTaskWithoutWorkflowOrStepCannotMove() {
    assertThatThrownBy(() -> WorkflowMoves.currentStepOf(new Task().id(7L).currentStep(1L)))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Task 7 has no workflow");
    assertThatThrownBy(() -> WorkflowMoves.currentStepOf(new Task().id(7L).workflow(2L)))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Task 7 has no currentStep");
    assertThat(WorkflowMoves.currentStepOf(new Task().id(7L).workflow(2L).currentStep(5L)))
        .isEqualTo(5L);
  }

  @Test
  void theChainFollowsNextAndStopsOnALoopOrAMissingStep() {
    WorkflowMoves.StepChain chain =
        new WorkflowMoves.StepChain(new Workflow().id(2L).firstStep(1L));
    assertThat(chain.next()).isEqualTo(1L);
    chain.add(new Step().id(1L).next(2L));
    assertThat(chain.next()).isEqualTo(2L);
    chain.add(new Step().id(2L).next(1L));
    assertThatThrownBy(chain::next)
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Workflow 2 loops: step 2 leads back to step 1");

    WorkflowMoves.StepChain broken =
        new WorkflowMoves.StepChain(new Workflow().id(3L).firstStep(4L));
    broken.next();
    assertThat(broken.missing(4L, null))
        .hasMessage("Workflow 3: step 4 (its firstStep) does not exist");

    WorkflowMoves.StepChain done = new WorkflowMoves.StepChain(new Workflow().id(4L).firstStep(1L));
    done.next();
    done.add(new Step().id(1L));
    assertThat(done.next()).isNull();
    assertThat(done.steps()).extracting(Step::getId).containsExactly(1L);
    NotFoundException missing = new NotFoundException("m", 200, "e", "", Map.of());
    assertThat(WorkflowMoves.missingStep(new Task().id(7L).currentStep(5L), missing))
        .hasMessage("Task 7 is at step 5, which does not exist")
        .hasCause(missing);
  }
}
