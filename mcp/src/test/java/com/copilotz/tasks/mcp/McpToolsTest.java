package com.copilotz.tasks.mcp;

import static com.copilotz.tasks.mcp.McpHarness.structured;
import static com.copilotz.tasks.mcp.McpHarness.task;
import static com.copilotz.tasks.mcp.McpHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.testing.Fault;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each tool through the MCP SDK's own client over Streamable HTTP, against the fake Copilotz: the
 * exact requests each sends to Copilotz, and what the agent gets back, errors included.
 */
class McpToolsTest {
  final McpHarness harness = new McpHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void listsTheToolsWithTheirSchemasAndHints() {
    List<Tool> tools = harness.mcp.listTools().tools();

    assertThat(tools.stream().map(Tool::name))
        .containsExactly(
            "list_tasks",
            "get_task",
            "create_task",
            "update_task",
            "advance_task",
            "complete_task",
            "fail_task",
            "cancel_task",
            "await_task");
    Tool advance = tools.get(4);
    assertThat(advance.inputSchema())
        .containsEntry("type", "object")
        .containsEntry("required", List.of("id"))
        .containsEntry("additionalProperties", false);
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) advance.inputSchema().get("properties");
    assertThat(properties).containsOnlyKeys("id", "expectedStep", "expectedStatus", "context");
    assertThat(advance.description()).contains("expectedStep", "nothing is written");
    assertThat(advance.annotations().readOnlyHint()).isFalse();
    assertThat(tools.get(0).annotations().readOnlyHint()).isTrue();
    assertThat(tools.get(2).inputSchema())
        .containsEntry("required", List.of("name", "workflow", "description"));
    assertThat(harness.requests()).isEmpty();
  }

  @Test
  void getTaskReadsTheTaskOnceAndShowsItWithTheApisFieldNames() {
    CallToolResult result = harness.call("get_task", Map.of("id", 1));

    assertThat(result.isError()).isFalse();
    assertThat(harness.requests()).containsExactly("GET /rest/tasks/1");
    Map<String, Object> task = task(result);
    assertThat(task)
        .containsEntry("_id", 1)
        .containsEntry("extId", "ticket-13")
        .containsEntry("workflow", harness.workflow.getId().intValue())
        .containsEntry("currentStep", (int) harness.triage)
        .containsEntry("status", "active")
        .containsEntry("name", "Cannot log in");
    assertThat(text(result)).contains("\"_id\":1", "\"name\":\"Cannot log in\"");
    assertThat(harness.operations).containsExactly("mcp.get_task", "getTask");
  }

  @Test
  void getTaskCanSendTheWorkflowAndStepWhole() {
    CallToolResult result =
        harness.call("get_task", Map.of("id", 2, "populate", List.of("workflow", "currentStep")));

    assertThat(harness.requests())
        .containsExactly("GET /rest/tasks/2?_populate=workflow%2CcurrentStep");
    @SuppressWarnings("unchecked")
    Map<String, Object> step = (Map<String, Object>) task(result).get("currentStep");
    assertThat(step).containsEntry("name", "triage").containsEntry("next", (int) harness.answer);
    @SuppressWarnings("unchecked")
    Map<String, Object> workflow = (Map<String, Object>) task(result).get("workflow");
    assertThat(workflow).containsEntry("name", "Support ticket");
  }

  @Test
  void listTasksPagesByIdWithACursorAndSendsTheFilters() {
    CallToolResult first =
        harness.call(
            "list_tasks",
            Map.of("workflow", harness.workflow.getId(), "status", "active", "limit", 2));

    assertThat(harness.requests())
        .containsExactly(
            "GET /rest/tasks?workflow="
                + harness.workflow.getId()
                + "&status=active&limit=100&offset=0");
    assertThat(ids(first)).containsExactly(1, 2);
    String cursor = (String) structured(first).get("nextCursor");
    assertThat(cursor).isNotBlank();

    harness.copilotz.forgetRequests();
    CallToolResult second =
        harness.call(
            "list_tasks",
            Map.of(
                "workflow",
                harness.workflow.getId(),
                "status",
                "active",
                "limit",
                2,
                "cursor",
                cursor));

    assertThat(ids(second)).containsExactly(3);
    assertThat(structured(second)).doesNotContainKey("nextCursor");
    assertThat(harness.requests()).hasSize(1);
  }

  @Test
  void aCursorOfAnotherListingIsRefusedBeforeAnyRequest() {
    String cursor =
        (String) structured(harness.call("list_tasks", Map.of("limit", 1))).get("nextCursor");
    harness.copilotz.forgetRequests();

    CallToolResult result =
        harness.call("list_tasks", Map.of("status", "failed", "limit", 1, "cursor", cursor));

    assertThat(result.isError()).isTrue();
    assertThat(text(result)).contains("'cursor' belongs to a listing with other filters");
    assertThat(harness.requests()).isEmpty();
  }

  @Test
  void createTaskPostsExactlyWhatTheAgentGave() {
    CallToolResult result =
        harness.call(
            "create_task",
            Map.of(
                "name", "Refund order 7",
                "description", "The customer asks for a refund",
                "workflow", harness.workflow.getId(),
                "extId", "order-7",
                "context", Map.of("order", 7)));

    assertThat(result.isError()).isFalse();
    assertThat(harness.requests()).containsExactly("POST /rest/tasks");
    assertThat(harness.body("POST"))
        .isEqualTo(
            "{\"extId\":\"order-7\",\"workflow\":"
                + harness.workflow.getId()
                + ",\"currentStep\":"
                + harness.triage
                + ",\"status\":\"active\",\"name\":\"Refund order 7\",\"description\":\"The customer"
                + " asks for a refund\",\"context\":{\"order\":7}}");
    assertThat(task(result)).containsEntry("_id", 4).containsEntry("extId", "order-7");
  }

  @Test
  void updateTaskPutsOnlyTheFieldsGivenAndNeverMovesTheTask() {
    CallToolResult result =
        harness.call("update_task", Map.of("id", 1, "context", Map.of("note", "called back")));

    assertThat(result.isError()).isFalse();
    assertThat(harness.requests()).containsExactly("PUT /rest/tasks/1");
    assertThat(harness.body("PUT")).isEqualTo("{\"context\":{\"note\":\"called back\"}}");
    assertThat(harness.stored(1).getCurrentStep()).isEqualTo(harness.triage);
  }

  @Test
  void anUpdateWithNothingToChangeOrAnEmptyContextIsRefused() {
    CallToolResult nothing = harness.call("update_task", Map.of("id", 1));
    CallToolResult empty = harness.call("update_task", Map.of("id", 1, "context", Map.of()));

    assertThat(text(nothing))
        .contains("Give at least one of 'name', 'description', 'extId' or 'context'");
    assertThat(text(empty)).contains("'context' must hold at least one key");
    assertThat(harness.requests()).isEmpty();
  }

  @Test
  void aGuardedAdvanceFromTheStepSeenMovesTheTask() {
    CallToolResult result =
        harness.call(
            "advance_task",
            Map.of("id", 1, "expectedStep", harness.triage, "context", Map.of("priority", "high")));

    assertThat(result.isError()).isFalse();
    assertThat(harness.requests())
        .containsExactly("GET /rest/tasks/1?_populate=currentStep", "PUT /rest/tasks/1");
    assertThat(harness.body("PUT"))
        .isEqualTo(
            "{\"currentStep\":"
                + harness.answer
                + ",\"status\":\"active\",\"context\":{\"priority\":\"high\"}}");
    assertThat(task(result)).containsEntry("currentStep", (int) harness.answer);
  }

  @Test
  void aGuardedMoveOfATaskTheAgentMovedWritesNothingAndSaysWhereItIs() {
    harness.client.advance(1);
    harness.copilotz.forgetRequests();

    CallToolResult result =
        harness.call("complete_task", Map.of("id", 1, "expectedStep", harness.triage));

    assertThat(result.isError()).isTrue();
    assertThat(text(result))
        .contains(
            "Task 1 is no longer where you saw it: you expected step " + harness.triage,
            "it is now at step " + harness.answer,
            "Nothing was written");
    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) structured(result).get("error");
    assertThat(error).containsEntry("kind", "moved_meanwhile");
    assertThat(harness.requests()).containsExactly("GET /rest/tasks/1");
    assertThat(harness.stored(1).getStatus()).isEqualTo(TaskStatus.ACTIVE);
  }

  @Test
  void completeFailAndCancelWriteTheirStatus() {
    harness.call("complete_task", Map.of("id", 1));
    harness.call("fail_task", Map.of("id", 2, "reason", "customer unreachable"));
    harness.call(
        "cancel_task", Map.of("id", 3, "expectedStep", harness.triage, "expectedStatus", "active"));

    assertThat(harness.stored(1).getStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(harness.stored(2).getStatus()).isEqualTo(TaskStatus.FAILED);
    assertThat(harness.stored(2).getContext())
        .containsEntry("failureReason", "customer unreachable");
    assertThat(harness.stored(3).getStatus()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(harness.requests())
        .containsExactly(
            "PUT /rest/tasks/1",
            "GET /rest/tasks/2?_populate=currentStep",
            "PUT /rest/tasks/2",
            "GET /rest/tasks/3",
            "PUT /rest/tasks/3");
  }

  @Test
  void awaitReturnsATaskThatAlreadyMetTheCondition() {
    harness.client.complete(1);
    harness.copilotz.forgetRequests();

    CallToolResult result = harness.call("await_task", Map.of("id", 1));

    assertThat(structured(result)).containsEntry("outcome", "met");
    assertThat(task(result)).containsEntry("status", "completed");
    assertThat(harness.requests()).containsExactly("GET /rest/tasks/1");
  }

  @Test
  void awaitSaysFailedWhenTheTaskFailedInstead() {
    harness.client.fail(2, "no answer");

    CallToolResult result = harness.call("await_task", Map.of("id", 2));

    assertThat(result.isError()).isFalse();
    assertThat(structured(result)).containsEntry("outcome", "failed");
    @SuppressWarnings("unchecked")
    Map<String, Object> failure = (Map<String, Object>) task(result).get("failure");
    assertThat(failure).containsEntry("reason", "no answer");
  }

  @Test
  void awaitWaitsForAStepAndMeetsItWhenTheAgentMovesTheTask() {
    harness.client.advance(3);

    CallToolResult result =
        harness.call("await_task", Map.of("id", 3, "currentStep", List.of(harness.answer)));

    assertThat(structured(result)).containsEntry("outcome", "met");
    assertThat(task(result)).containsEntry("currentStep", (int) harness.answer);
  }

  @Test
  void awaitThatRunsOutOfTimeSaysStillRunningWithProgressOnTheWay() {
    McpSchema.CallToolRequest request =
        McpSchema.CallToolRequest.builder("await_task")
            .arguments(Map.of("id", 1, "timeoutSeconds", 1))
            .progressToken("wait-1")
            .build();

    CallToolResult result = harness.mcp.callTool(request);

    assertThat(result.isError()).isFalse();
    assertThat(structured(result)).containsEntry("outcome", "still_running");
    assertThat(structured(result).get("next").toString()).contains("Call await_task again");
    assertThat(task(result)).containsEntry("status", "active");
    assertThat(harness.progress).isNotEmpty();
    McpSchema.ProgressNotification first = harness.progress.peek();
    assertThat(first.progressToken()).isEqualTo("wait-1");
    assertThat(first.total()).isEqualTo(1.0);
    assertThat(first.message()).startsWith("Waiting for task 1");
  }

  @Test
  void anAwaitLongerThanAllowedIsRefusedBeforeAnyRequest() {
    CallToolResult result = harness.call("await_task", Map.of("id", 1, "timeoutSeconds", 600));

    assertThat(result.isError()).isTrue();
    assertThat(text(result))
        .contains("'timeoutSeconds' must be at most 50", "call await_task again");
    assertThat(harness.requests()).isEmpty();
  }

  @Test
  void badInputIsRefusedWithAMessageNamingTheArgumentAndNothingIsSent() {
    Map<String, String> refusals = new LinkedHashMap<>();
    refusals.put(text(harness.call("get_task", Map.of())), "'id' is required");
    refusals.put(
        text(harness.call("get_task", Map.of("id", "12"))),
        "'id' must be a positive whole number, got the string \"12\"");
    refusals.put(
        text(harness.call("get_task", Map.of("id", 1.5))), "'id' must be a positive whole number");
    refusals.put(
        text(harness.call("get_task", Map.of("id", -3))),
        "'id' must be a positive whole number, got -3");
    refusals.put(
        text(harness.call("get_task", Map.of("id", 1, "ids", 2))),
        "Unknown argument 'ids'. This tool takes: id, populate");
    refusals.put(
        text(harness.call("list_tasks", Map.of("status", "done"))),
        "'status' must be one of active, pending, failed, completed, cancelled");
    refusals.put(
        text(harness.call("list_tasks", Map.of("limit", 1000))),
        "'limit' must be a whole number from 1 to 100, got 1000");
    refusals.put(
        text(harness.call("create_task", Map.of("name", "x", "workflow", 1))),
        "'description' is required");
    refusals.put(
        text(harness.call("fail_task", Map.of("id", 1, "reason", " "))),
        "'reason' must not be blank");
    refusals.put(
        text(harness.call("cancel_task", Map.of("id", 1, "expectedStatus", "active"))),
        "'expectedStatus' needs 'expectedStep'");

    refusals.forEach(
        (answer, expected) -> assertThat(answer).startsWith("Invalid input: ").contains(expected));
    assertThat(harness.requests()).isEmpty();
    assertThat(harness.operations).allMatch(name -> name.startsWith("mcp."));
  }

  @Test
  void anUnknownToolIsAnErrorNamingIt() {
    // A protocol error, as the MCP spec has it for unknown tools: invalid params, the name in its
    // data.
    assertThatThrownBy(() -> harness.call("delete_everything", Map.of()))
        .isInstanceOfSatisfying(
            McpError.class,
            error -> {
              assertThat(error.getJsonRpcError().code())
                  .isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
              assertThat(error.getJsonRpcError().data())
                  .isEqualTo("Tool not found: delete_everything");
            });
    assertThat(harness.requests()).isEmpty();
  }

  @Test
  void aMissingTaskIsNotFoundWithWhatToDo() {
    CallToolResult result = harness.call("get_task", Map.of("id", 99));

    assertThat(result.isError()).isTrue();
    assertThat(text(result))
        .isEqualTo(
            "Task 99 was not found: it may have been deleted, or the id is wrong. Find it with list_tasks.");
  }

  @Test
  void aRateLimitSaysWhenToRetry() {
    harness.copilotz.inject(
        "GET", "/rest/tasks/1", 1, Fault.status(429).header("Retry-After", "7"));

    CallToolResult result = harness.call("get_task", Map.of("id", 1));

    assertThat(result.isError()).isTrue();
    assertThat(text(result)).isEqualTo("Copilotz is limiting the rate of requests. Retry in 7 s.");
    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) structured(result).get("error");
    assertThat(error).containsEntry("kind", "rate_limited").containsEntry("retryAfterSeconds", 7);
  }

  @Test
  void aRefusedCopilotzTokenIsReportedWithoutTheToken() {
    harness.copilotz.inject("GET", "/rest/tasks/1", 1, Fault.status(401));

    CallToolResult result = harness.call("get_task", Map.of("id", 1));

    String token =
        harness.copilotz.requests().get(0).header("Authorization").orElseThrow().substring(7);
    assertThat(result.isError()).isTrue();
    assertThat(text(result)).contains("Copilotz refused this MCP server's credentials (HTTP 401)");
    assertThat(text(result)).doesNotContain(token);
    assertThat(result.toString()).doesNotContain(token);
  }

  @Test
  void eachToolCallIsAnOperationOfTheClientsObserver() {
    harness.call("get_task", Map.of("id", 1));
    harness.call("advance_task", Map.of("id", 1));

    assertThat(harness.operations)
        .containsExactly("mcp.get_task", "getTask", "mcp.advance_task", "advance");
    assertThat(harness.client.observer()).isPresent();
  }

  private static List<Object> ids(CallToolResult result) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) structured(result).get("tasks");
    return tasks.stream().map(task -> task.get("_id")).collect(Collectors.toList());
  }
}
