package com.copilotz.tasks.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The resources, read and subscribed to through the MCP SDK's client; the watch behind them. */
class McpResourcesTest {
  final McpHarness harness =
      new McpHarness(
          builder -> builder.watchInterval(Duration.ofMillis(20)).maxWatchedResources(2),
          McpHttpOptions.defaults());
  final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void listsTheTemplatesAndTheResourceOfAllTasks() {
    assertThat(harness.mcp.listResourceTemplates().resourceTemplates())
        .extracting(McpSchema.ResourceTemplate::uriTemplate)
        .containsExactlyInAnyOrder(
            "copilotz://tasks/{id}", "copilotz://tasks{?workflow,currentStep,status}");
    assertThat(harness.mcp.listResources().resources())
        .extracting(McpSchema.Resource::uri)
        .containsExactly("copilotz://tasks");
  }

  @Test
  void readsATaskAsJson() throws Exception {
    JsonNode task = read("copilotz://tasks/2");

    assertThat(task.get("_id").asLong()).isEqualTo(2);
    assertThat(task.get("name").asText()).isEqualTo("Invoice is wrong");
    assertThat(harness.requests()).first().isEqualTo("GET /rest/tasks/2");
  }

  @Test
  void readsAQuerysTasks() throws Exception {
    JsonNode tasks =
        read("copilotz://tasks?workflow=" + harness.workflow.getId() + "&status=active");

    assertThat(tasks.get("count").asInt()).isEqualTo(3);
    assertThat(tasks.get("truncated").asBoolean()).isFalse();
    assertThat(harness.requests())
        .first()
        .isEqualTo(
            "GET /rest/tasks?workflow="
                + harness.workflow.getId()
                + "&status=active&limit=100&offset=0");
  }

  @Test
  void aMissingTaskOrABadQueryIsAnErrorSayingSo() {
    assertThatThrownBy(() -> read("copilotz://tasks/99"))
        .isInstanceOf(McpError.class)
        .hasMessageContaining("Task 99 was not found");
    assertThatThrownBy(() -> read("copilotz://tasks?color=red"))
        .isInstanceOf(McpError.class)
        .hasMessageContaining("unknown parameter color");
  }

  @Test
  void aSubscriberIsToldWhenTheAgentMovesTheTask() throws Exception {
    read("copilotz://tasks/1");
    harness.mcp.subscribeResource(new McpSchema.SubscribeRequest("copilotz://tasks/1"));
    harness.awaitEnded("watchTasks"); // the watch has read the task as it was

    harness.client.advance(1);

    assertThat(harness.updatedResources.poll(60, TimeUnit.SECONDS)).isEqualTo("copilotz://tasks/1");
    assertThat(read("copilotz://tasks/1").get("currentStep").asLong()).isEqualTo(harness.answer);
  }

  @Test
  void aSubscriberOfAQueryIsToldWhenATaskAppearsThere() throws Exception {
    String uri = "copilotz://tasks?currentStep=" + harness.answer;
    assertThat(read(uri).get("count").asInt()).isZero();
    harness.mcp.subscribeResource(new McpSchema.SubscribeRequest(uri));
    harness.awaitEnded("watchTasks");

    harness.client.advance(3);

    assertThat(harness.updatedResources.poll(60, TimeUnit.SECONDS)).isEqualTo(uri);
    assertThat(read(uri).get("count").asInt()).isEqualTo(1);
  }

  private JsonNode read(String uri) throws Exception {
    McpSchema.ReadResourceResult result = harness.mcp.readResource(new ReadResourceRequest(uri));
    TextResourceContents contents = (TextResourceContents) result.contents().get(0);
    assertThat(contents.uri()).isEqualTo(uri);
    assertThat(contents.mimeType()).isEqualTo("application/json");
    JsonNode body = json.readTree(contents.text());
    return body.has("task") ? body.get("task") : body;
  }
}
