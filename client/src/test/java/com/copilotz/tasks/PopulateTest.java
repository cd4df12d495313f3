package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.assertNoBody;
import static com.copilotz.tasks.Wire.assertRestCall;
import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.Workflow;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code _populate}: the references a read asks for come whole, and the ids stay where they were.
 */
class PopulateTest extends AgainstMockServer {
  static final String WORKFLOW = "{\"_id\":2,\"name\":\"Support\",\"steps\":[5,6],\"firstStep\":5}";
  static final String STEP = "{\"_id\":5,\"name\":\"Triage\",\"next\":6}";

  static String task(long id, String workflow, String currentStep) {
    return "{\"_id\":"
        + id
        + ",\"extId\":\"E"
        + id
        + "\",\"workflow\":"
        + workflow
        + ",\"currentStep\":"
        + currentStep
        + ",\"status\":\"active\",\"name\":\"n\",\"description\":\"d\",\"context\":{\"k\":1}}";
  }

  @Test
  void getTaskWithBothReferencesPopulatedInOneRequest() throws Exception {
    server.enqueue(json(task(42, WORKFLOW, STEP)));

    Task task = client.getTask(42, Populate.WORKFLOW, Populate.CURRENT_STEP);

    assertNoBody(
        assertRestCall(take(server), "GET", "/rest/tasks/42?_populate=workflow%2CcurrentStep"));
    assertThat(task.getWorkflow()).isEqualTo(2L);
    assertThat(task.getCurrentStep()).isEqualTo(5L);
    assertThat(task.populatedWorkflow())
        .hasValueSatisfying(
            workflow -> {
              assertThat(workflow.getName()).isEqualTo("Support");
              assertThat(workflow.getSteps()).containsExactly(5L, 6L);
            });
    assertThat(task.populatedCurrentStep())
        .get()
        .extracting(Step::getName, Step::getNext)
        .containsExactly("Triage", 6L);
    assertThat(task.getContext()).containsEntry("k", 1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theReferencesAskedForAreSentInTheServersOrder() throws Exception {
    server.enqueue(json(task(42, "2", STEP)));

    Task task = client.getTask(42, Populate.CURRENT_STEP);

    assertRestCall(take(server), "GET", "/rest/tasks/42?_populate=currentStep");
    assertThat(task.getWorkflow()).isEqualTo(2L);
    assertThat(task.populatedWorkflow()).isEmpty();
    assertThat(task.populatedCurrentStep()).get().extracting(Step::getId).isEqualTo(5L);
  }

  @Test
  void aReferenceTheServerLeftAsAnIdIsNotPopulated() throws Exception {
    server.enqueue(json(task(42, "2", "5")));

    Task task = client.getTask(42, Populate.WORKFLOW, Populate.CURRENT_STEP);

    assertThat(task.getWorkflow()).isEqualTo(2L);
    assertThat(task.getCurrentStep()).isEqualTo(5L);
    assertThat(task.populatedWorkflow()).isEmpty();
    assertThat(task.populatedCurrentStep()).isEmpty();
  }

  @Test
  void aTaskReadWithoutPopulateHasNothingPopulated() {
    server.enqueue(json(task(42, "2", "5")));

    Task task = client.getTask(42);

    assertThat(task.populatedWorkflow()).isEmpty();
    assertThat(task.populatedCurrentStep()).isEmpty();
  }

  @Test
  void listsPopulateEachTask() throws Exception {
    server.enqueue(
        json("{\"data\":[" + task(1, WORKFLOW, STEP) + "," + task(2, WORKFLOW, "6") + "]}"));

    List<Task> tasks;
    try (var stream =
        client.listTasks(TaskQuery.builder().workflow(2).populate(Populate.WORKFLOW).build())) {
      tasks = stream.collect(Collectors.toList());
    }

    assertRestCall(
        take(server), "GET", "/rest/tasks?workflow=2&limit=100&offset=0&_populate=workflow");
    assertThat(tasks).extracting(Task::getWorkflow).containsExactly(2L, 2L);
    assertThat(tasks)
        .allSatisfy(
            t ->
                assertThat(t.populatedWorkflow())
                    .get()
                    .extracting(Workflow::getName)
                    .isEqualTo("Support"));
    assertThat(tasks.get(0).populatedCurrentStep()).isPresent();
    assertThat(tasks.get(1).populatedCurrentStep()).isEmpty();
    assertThat(tasks.get(1).getCurrentStep()).isEqualTo(6L);
  }

  @Test
  void theAsyncClientPopulatesToo() throws Exception {
    server.enqueue(json(task(42, WORKFLOW, STEP)));

    Task task = client.async().getTask(42, Populate.WORKFLOW).get(60, TimeUnit.SECONDS);

    assertRestCall(take(server), "GET", "/rest/tasks/42?_populate=workflow");
    assertThat(task.populatedWorkflow()).isPresent();
    assertThat(task.getCurrentStep()).isEqualTo(5L);
  }

  @Test
  void nullReferencesAreRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> client.getTask(42, (Populate) null)).hasMessage("populate");
    assertThatThrownBy(() -> client.getTask(42, Populate.WORKFLOW, (Populate) null))
        .hasMessage("more");
    assertThatThrownBy(() -> client.getTask(0, Populate.WORKFLOW))
        .hasMessage("id must be a positive id, was 0");
    assertThatThrownBy(() -> client.async().getTask(42, RequestOptions.NONE, null))
        .hasMessage("populate");
    assertThatThrownBy(() -> TaskQuery.builder().populate((Populate) null))
        .hasMessage("references");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aQueryWithPopulateIsAnotherQuery() {
    TaskQuery plain = TaskQuery.builder().build();
    TaskQuery populated = TaskQuery.builder().populate(Populate.CURRENT_STEP).build();

    assertThat(populated)
        .isNotEqualTo(plain)
        .hasToString(
            "TaskQuery[extId=null, workflow=null, currentStep=null, status=null, name=null, pageSize=100, populate=[CURRENT_STEP]]");
    assertThat(populated)
        .isEqualTo(
            TaskQuery.builder().populate(Populate.CURRENT_STEP, Populate.CURRENT_STEP).build());
  }
}
