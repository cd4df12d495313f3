package com.copilotz.tasks.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.mcp.internal.main.Main;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The stdio transport as MCP clients use it: they launch the server as a process ({@code Main
 * --fake} here, in a child JVM) and speak JSON-RPC on its stdin and stdout.
 */
class McpStdioTest {
  @Test
  void aLaunchedServerAnswersOnStdioAndLeavesWhenStdinCloses() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ServerParameters parameters =
        ServerParameters.builder(java)
            .args("-cp", System.getProperty("java.class.path"), Main.class.getName(), "--fake")
            .build();
    StdioClientTransport transport =
        new StdioClientTransport(parameters, new JacksonMcpJsonMapper(new ObjectMapper()));
    List<String> stderr = new CopyOnWriteArrayList<>();
    transport.setStdErrorHandler(stderr::add);
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
    try {
      McpSchema.InitializeResult initialized = client.initialize();
      assertThat(initialized.serverInfo().name()).isEqualTo("copilotz-tasks");
      assertThat(initialized.instructions()).contains("expectedStep");

      assertThat(client.listTools().tools()).hasSize(9);
      CallToolResult task =
          client.callTool(new McpSchema.CallToolRequest("get_task", Map.of("id", 1)));
      assertThat(task.isError()).isFalse();
      @SuppressWarnings("unchecked")
      Map<String, Object> shown =
          (Map<String, Object>) ((Map<String, Object>) task.structuredContent()).get("task");
      assertThat(shown).containsEntry("extId", "ticket-1").containsEntry("name", "Cannot log in");
    } finally {
      client.closeGracefully();
    }
    transport.awaitForExit();
    assertThat(String.join("\n", stderr)).contains("--fake: a fake Copilotz at http://");
  }
}
