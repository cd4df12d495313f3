package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.assertJsonBody;
import static com.copilotz.tasks.Wire.assertRestCall;
import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtIdTest extends AgainstMockServer {
  static final String STORED =
      "{\"_id\":41,\"extId\":\"CRM-1\",\"workflow\":2,\"currentStep\":1,\"status\":\"active\",\"name\":\"Call back\","
          + "\"description\":\"Call the customer back\",\"context\":{\"tries\":3,\"tags\":[\"vip\"],\"note\":\"x\"},"
          + "\"updatedAt\":\"2026-11-20T10:00:00Z\"}";

  static CreateTaskRequest desired() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("tries", 3);
    context.put("tags", java.util.List.of("vip"));
    return new CreateTaskRequest()
        .extId("CRM-1")
        .workflow(2L)
        .currentStep(1L)
        .status(TaskStatus.ACTIVE)
        .name("Call back")
        .description("Call the customer back")
        .context(context);
  }

  @Test
  void findByExtIdAsksForTheExtId() throws Exception {
    server.enqueue(json("{\"data\":[]}"));

    assertThat(client.findByExtId("CRM-1")).isEmpty();

    assertRestCall(take(server), "GET", "/rest/tasks?extId=CRM-1&limit=100&offset=0");
  }

  @Test
  void findByExtIdPicksTheNewestOfSeveral() {
    server.enqueue(
        json(
            "{\"data\":["
                + "{\"_id\":1,\"extId\":\"X\",\"updatedAt\":\"2026-11-01T00:00:00Z\"},"
                + "{\"_id\":2,\"extId\":\"X\",\"updatedAt\":\"2026-11-03T00:00:00Z\"},"
                + "{\"_id\":3,\"extId\":\"X\"},"
                + "{\"_id\":4,\"extId\":\"X\",\"updatedAt\":\"2026-11-02T00:00:00Z\"}]}"));

    assertThat(client.findByExtId("X")).get().extracting(Task::getId).isEqualTo(2L);
  }

  @Test
  void findByExtIdBreaksTiesByTheHighestId() {
    server.enqueue(
        json(
            "{\"data\":[{\"_id\":5,\"extId\":\"X\",\"updatedAt\":\"2026-11-01T00:00:00Z\"},"
                + "{\"_id\":6,\"extId\":\"X\",\"updatedAt\":\"2026-11-01T00:00:00Z\"}]}"));

    assertThat(client.findByExtId("X")).get().extracting(Task::getId).isEqualTo(6L);
  }

  @Test
  void upsertCreatesWhenAbsent() throws Exception {
    server.enqueue(json("{\"data\":[]}"));
    server.enqueue(json(STORED));

    Task stored = client.upsertByExtId(desired());

    assertRestCall(take(server), "GET", "/rest/tasks?extId=CRM-1&limit=100&offset=0");
    assertJsonBody(
        assertRestCall(take(server), "POST", "/rest/tasks"),
        "{\"extId\":\"CRM-1\",\"workflow\":2,\"currentStep\":1,\"status\":\"active\",\"name\":\"Call back\","
            + "\"description\":\"Call the customer back\",\"context\":{\"tries\":3,\"tags\":[\"vip\"]}}");
    assertThat(stored.getId()).isEqualTo(41L);
  }

  @Test
  void upsertSendsNothingWhenNothingDiffers() throws Exception {
    server.enqueue(json("{\"data\":[" + STORED + "]}"));

    Task stored = client.upsertByExtId(desired());

    assertThat(stored.getId()).isEqualTo(41L);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertRestCall(take(server), "GET", "/rest/tasks?extId=CRM-1&limit=100&offset=0");
  }

  @Test
  void upsertUpdatesOnlyWhatDiffersAndLeavesTheWorkflowsFieldsToTheAgent() throws Exception {
    server.enqueue(json("{\"data\":[" + STORED + "]}"));
    server.enqueue(json(STORED));
    Map<String, Object> context = new LinkedHashMap<>(desired().getContext());
    context.put("tries", 4);
    context.put("owner", "ana");

    client.upsertByExtId(desired().status(TaskStatus.PENDING).currentStep(2L).context(context));

    take(server);
    // The stored task is at step 1, active: where the agent has it. Only the context is written.
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/41"),
        "{\"context\":{\"tries\":4,\"owner\":\"ana\"}}");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void upsertOfARowThatDiffersOnlyWhereTheAgentMovedTheTaskWritesNothing() {
    server.enqueue(json("{\"data\":[" + STORED + "]}"));

    Task stored =
        client.upsertByExtId(desired().status(TaskStatus.COMPLETED).workflow(9L).currentStep(3L));

    assertThat(stored.getCurrentStep()).isEqualTo(1L);
    assertThat(stored.getStatus()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void upsertComparesNumbersByValue() {
    server.enqueue(json("{\"data\":[" + STORED.replace("\"tries\":3", "\"tries\":3.0") + "]}"));

    client.upsertByExtId(desired());

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void upsertUpdatesTheNewestOfSeveral() throws Exception {
    server.enqueue(
        json(
            "{\"data\":["
                + STORED.replace("\"_id\":41", "\"_id\":40").replace("2026-11-20", "2026-11-10")
                + ","
                + STORED.replace("\"name\":\"Call back\"", "\"name\":\"Old\"")
                + "]}"));
    server.enqueue(json(STORED));

    client.upsertByExtId(desired());

    take(server);
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/41"), "{\"name\":\"Call back\"}");
  }
}
