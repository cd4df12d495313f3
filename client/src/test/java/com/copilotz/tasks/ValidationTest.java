package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input fails before anything is sent, with an exception that names the parameter. */
class ValidationTest extends AgainstMockServer {
  @AfterEach
  void nothingWasSent() {
    assertThat(server.getRequestCount()).isZero();
  }

  static CreateTaskRequest valid() {
    return new CreateTaskRequest().extId("E1").status(TaskStatus.ACTIVE).name("n").description("d");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void idsMustBePositive(long id) {
    String message = "id must be a positive id, was " + id;
    assertThatThrownBy(() -> client.getTask(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> client.deleteTask(id)).hasMessage(message);
    assertThatThrownBy(() -> client.updateTask(id, new UpdateTaskRequest().name("x")))
        .hasMessage(message);
    assertThatThrownBy(() -> client.getWorkflow(id)).hasMessage(message);
    assertThatThrownBy(() -> client.getStep(id)).hasMessage(message);
  }

  @Test
  void createNeedsARequest() {
    assertThatThrownBy(() -> client.createTask(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("request");
  }

  @Test
  void createNeedsEachRequiredField() {
    assertThatThrownBy(() -> client.createTask(valid().extId(null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("request.extId is required");
    assertThatThrownBy(() -> client.createTask(valid().name(null)))
        .hasMessage("request.name is required");
    assertThatThrownBy(() -> client.createTask(valid().description(null)))
        .hasMessage("request.description is required");
  }

  @Test
  void createRejectsABlankExtIdAndNonPositiveIds() {
    assertThatThrownBy(() -> client.createTask(valid().extId("  ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "request.extId must not be blank (the server would store it as the string \"null\")");
    assertThatThrownBy(() -> client.createTask(valid().workflow(0L)))
        .hasMessage("request.workflow must be a positive id, was 0");
    assertThatThrownBy(() -> client.createTask(valid().currentStep(-3L)))
        .hasMessage("request.currentStep must be a positive id, was -3");
  }

  @Test
  void updateNeedsARequestThatSetsSomething() {
    assertThatThrownBy(() -> client.updateTask(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("request");
    assertThatThrownBy(() -> client.updateTask(1, new UpdateTaskRequest()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request sets no field to update");
    assertThatThrownBy(() -> client.updateTask(1, new UpdateTaskRequest().context(Map.of())))
        .hasMessage("request sets no field to update");
  }

  @Test
  void updateRejectsABlankExtIdAndNonPositiveIds() {
    assertThatThrownBy(() -> client.updateTask(1, new UpdateTaskRequest().extId("")))
        .hasMessage(
            "request.extId must not be blank (the server would store it as the string \"null\")");
    assertThatThrownBy(() -> client.updateTask(1, new UpdateTaskRequest().currentStep(0L)))
        .hasMessage("request.currentStep must be a positive id, was 0");
    assertThatThrownBy(() -> client.updateTask(1, new UpdateTaskRequest().workflow(-1L)))
        .hasMessage("request.workflow must be a positive id, was -1");
  }

  @Test
  void listNeedsAQuery() {
    assertThatThrownBy(() -> client.listTasks(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("query");
  }

  @Test
  void queryFiltersAreChecked() {
    assertThatThrownBy(() -> TaskQuery.builder().pageSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pageSize must be at least 1, was 0");
    assertThatThrownBy(() -> TaskQuery.builder().extId(" ")).hasMessage("extId must not be blank");
    assertThatThrownBy(() -> TaskQuery.builder().workflow(0))
        .hasMessage("workflow must be a positive id, was 0");
    assertThatThrownBy(() -> TaskQuery.builder().currentStep(-2))
        .hasMessage("currentStep must be a positive id, was -2");
    assertThatThrownBy(() -> TaskQuery.builder().status(null)).hasMessage("status");
    assertThatThrownBy(() -> TaskQuery.builder().name(null)).hasMessage("name");
  }

  @Test
  void aClosedClientRefusesCalls() {
    client.close();
    assertThatThrownBy(() -> client.getTask(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("This TasksClient is closed");
    assertThatThrownBy(() -> client.createTask(valid())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void taskStatusNeedsAValue() {
    assertThatThrownBy(() -> TaskStatus.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
  }
}
