package com.copilotz.tasks.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.AsyncTasksClient;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeCopilotzExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeCopilotzExtensionTest {
  static FakeCopilotzServer previousServer;
  static TasksClient previousClient;
  FakeCopilotzServer fromBeforeEach;

  @BeforeEach
  void setUp(FakeCopilotzServer server) {
    fromBeforeEach = server;
  }

  @Test
  @Order(1)
  void injectsAStartedServerAndAClientPointedAtIt(
      FakeCopilotzServer server, TasksClient client, AsyncTasksClient async) throws Exception {
    client.createTask(
        new CreateTaskRequest().extId("E1").status(TaskStatus.ACTIVE).name("n").description("d"));

    assertThat(server.tasks())
        .singleElement()
        .satisfies(task -> assertThat(task.getExtId()).isEqualTo("E1"));
    assertThat(server).isSameAs(fromBeforeEach);
    assertThat(async).isSameAs(client.async());
    assertThat(async.getTask(1).get().getExtId()).isEqualTo("E1");
    previousServer = server;
    previousClient = client;
  }

  @Test
  @Order(2)
  void closesBothAfterEachTestAndGivesTheNextTestNewOnes(
      FakeCopilotzServer server, TasksClient client) {
    assertThat(server).isNotSameAs(previousServer);
    assertThat(server.tasks()).isEmpty();
    assertThat(previousServer.isClosed()).as("the previous test's server is closed").isTrue();
    assertThat(server.isClosed()).isFalse();
    assertThatThrownBy(() -> previousClient.getTask(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(client.listTasks(com.copilotz.tasks.TaskQuery.builder().build())).isEmpty();
  }

  @Test
  @Order(3)
  void aServerCannotStartTwice(FakeCopilotzServer server) {
    assertThatThrownBy(server::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already started");
  }
}
