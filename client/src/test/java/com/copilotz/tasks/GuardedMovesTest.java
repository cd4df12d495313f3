package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.assertJsonBody;
import static com.copilotz.tasks.Wire.assertNoBody;
import static com.copilotz.tasks.Wire.assertRestCall;
import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static com.copilotz.tasks.WorkflowHelpersTest.step;
import static com.copilotz.tasks.WorkflowHelpersTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.TaskMovedException;
import com.copilotz.tasks.errors.WorkflowException;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The moves that take where the caller believes the task is: they write when it is there, and
 * nothing when the agent (or anyone) moved it meanwhile.
 */
class GuardedMovesTest {
  @StartStop final MockWebServer server = Wire.server();
  TasksClient client;

  @BeforeEach
  void open() {
    client = Wire.client(server);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void advanceFromTheExpectedStepMovesInOnePut() throws Exception {
    server.enqueue(json(task(7, 2L, 1L, "active")));
    server.enqueue(json(step(1, 2L, null)));
    server.enqueue(json(task(7, 2L, 2L, "active")));

    Task moved =
        client.advance(7, At.step(1).withStatus(TaskStatus.ACTIVE), Map.of("emailSent", "yes"));

    assertNoBody(assertRestCall(take(server), "GET", "/rest/tasks/7?_populate=currentStep"));
    assertNoBody(assertRestCall(take(server), "GET", "/rest/steps/1"));
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/7"),
        "{\"currentStep\":2,\"status\":\"active\",\"context\":{\"emailSent\":\"yes\"}}");
    assertThat(moved.getCurrentStep()).isEqualTo(2L);
  }

  @Test
  void aTaskTheAgentMovedIsNotMovedBackAndNothingIsWritten() throws Exception {
    server.enqueue(json(task(7, 2L, 2L, "active")));

    assertThatThrownBy(() -> client.advance(7, At.step(1)))
        .isInstanceOfSatisfying(
            TaskMovedException.class,
            e -> {
              assertThat(e)
                  .isInstanceOf(WorkflowException.class)
                  .hasMessage(
                      "Task 7 is at step 2 (active), not at step 1 as expected: it was moved"
                          + " meanwhile (by the agent or another process), and nothing was"
                          + " written");
              assertThat(e.task().getCurrentStep()).isEqualTo(2L);
              assertThat(e.expectedStep()).isEqualTo(1L);
              assertThat(e.expectedStatus()).isEmpty();
            });
    assertRestCall(take(server), "GET", "/rest/tasks/7?_populate=currentStep");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anotherStatusAtTheRightStepIsElsewhereToo() throws Exception {
    server.enqueue(json(task(7, 2L, 1L, "pending")));

    assertThatThrownBy(() -> client.fail(7, At.step(1).withStatus(TaskStatus.ACTIVE), "declined"))
        .isInstanceOfSatisfying(
            TaskMovedException.class,
            e -> {
              assertThat(e)
                  .hasMessageStartingWith(
                      "Task 7 is at step 1 (pending), not at step 1 (active) as expected");
              assertThat(e.expectedStatus()).contains(TaskStatus.ACTIVE);
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void failFromTheExpectedStepGoesToFailedNext() throws Exception {
    server.enqueue(json(task(7, 2L, 1L, "active")));
    server.enqueue(json(step(1, 2L, 9L)));
    server.enqueue(json(task(7, 2L, 9L, "failed")));

    client.fail(7, At.step(1), "declined");

    take(server);
    take(server);
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/7"),
        "{\"currentStep\":9,\"status\":\"failed\",\"context\":{\"failureReason\":\"declined\"}}");
  }

  @Test
  void completeFromTheExpectedStepReadsThenWritesTheStatusOnly() throws Exception {
    server.enqueue(json(task(7, 2L, 3L, "active")));
    server.enqueue(json(task(7, 2L, 3L, "completed")));

    Task done = client.complete(7, At.step(3));

    assertNoBody(assertRestCall(take(server), "GET", "/rest/tasks/7"));
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/7"), "{\"status\":\"completed\"}");
    assertThat(done.getStatus()).isEqualTo(TaskStatus.COMPLETED);
  }

  @Test
  void completeOfATaskElsewhereWritesNothing() {
    server.enqueue(json(task(7, 2L, 4L, "active")));

    assertThatThrownBy(() -> client.complete(7, At.step(3))).isInstanceOf(TaskMovedException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void cancelFromTheExpectedStepReadsThenWritesTheStatusOnly() throws Exception {
    server.enqueue(json(task(7, 2L, 3L, "active")));
    server.enqueue(json(task(7, 2L, 3L, "cancelled")));

    Task cancelled = client.cancel(7, At.step(3).withStatus(TaskStatus.ACTIVE));

    assertNoBody(assertRestCall(take(server), "GET", "/rest/tasks/7"));
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/7"), "{\"status\":\"cancelled\"}");
    assertThat(cancelled.getStatus()).isEqualTo(TaskStatus.CANCELLED);
  }

  @Test
  void cancelOfATaskTheAgentCompletedWritesNothing() throws Exception {
    server.enqueue(json(task(7, 2L, 3L, "completed")));
    server.enqueue(json(task(7, 2L, 3L, "completed")));

    assertThatThrownBy(() -> client.cancel(7, At.step(3).withStatus(TaskStatus.ACTIVE)))
        .isInstanceOf(TaskMovedException.class);
    assertThatThrownBy(
            () ->
                client
                    .async()
                    .cancel(7, At.step(3).withStatus(TaskStatus.ACTIVE))
                    .get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TaskMovedException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void theAsyncMovesRefuseATaskElsewhereToo() throws Exception {
    server.enqueue(json(task(7, 2L, 2L, "active")));

    assertThatThrownBy(() -> client.async().advance(7, At.step(1)).get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TaskMovedException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void badArgumentsAreRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> client.advance(7, (At) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("expected");
    assertThatThrownBy(() -> client.async().complete(7, (At) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("expected");
    assertThatThrownBy(() -> client.fail(7, At.step(1), " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason must not be blank");
    assertThatThrownBy(() -> At.step(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stepId");
    assertThatThrownBy(() -> At.step(1).withStatus(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("status");
    assertThat(server.getRequestCount()).isZero();
    assertThat(At.step(3).withStatus(TaskStatus.ACTIVE)).hasToString("step 3 (active)");
    assertThat(At.step(3)).isEqualTo(At.step(3)).isNotEqualTo(At.step(4));
  }
}
