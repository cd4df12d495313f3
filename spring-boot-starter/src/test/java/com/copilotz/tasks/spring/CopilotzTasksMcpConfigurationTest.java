package com.copilotz.tasks.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The MCP server served by a Spring Boot web application (Tomcat), against a FakeCopilotzServer,
 * through the MCP SDK's own client. Runs on Spring Boot 3.5 (Servlet 6.0) and 4.0 (Servlet 6.1).
 */
class CopilotzTasksMcpConfigurationTest {
  FakeCopilotzServer copilotz;
  String token;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}

  @BeforeEach
  void start() {
    copilotz = new FakeCopilotzServer().start();
    token = copilotz.issueToken();
    Workflow workflow = copilotz.seedWorkflow("Support", "triage", "close");
    copilotz
        .newClient()
        .createTask(
            new CreateTaskRequest()
                .extId("ticket-1")
                .name("Cannot log in")
                .description("A ticket")
                .workflow(workflow.getId()));
  }

  @AfterEach
  void stop() {
    copilotz.close();
  }

  ConfigurableApplicationContext run(String... properties) {
    return new SpringApplicationBuilder(Application.class)
        .web(WebApplicationType.SERVLET)
        .properties("server.port=0", "copilotz.tasks.base-url=" + copilotz.baseUrl())
        .properties("copilotz.tasks.access-token=" + token)
        .properties(properties)
        .run();
  }

  @Test
  void theApplicationServesTheToolsAtThePathWithTheBearerToken() {
    try (ConfigurableApplicationContext context =
        run(
            "copilotz.tasks.mcp.enabled=true",
            "copilotz.tasks.mcp.path=/agents/mcp",
            "copilotz.tasks.mcp.bearer-token=mcp-secret")) {
      int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
      McpSyncClient client =
          McpClient.sync(
                  HttpClientStreamableHttpTransport.builder("http://localhost:" + port)
                      .endpoint("/agents/mcp")
                      .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                      .httpRequestCustomizer(
                          (request, method, uri, body, transportContext) ->
                              request.header("Authorization", "Bearer mcp-secret"))
                      .build())
              .requestTimeout(Duration.ofSeconds(60))
              .build();
      try {
        client.initialize();
        McpSchema.CallToolResult result =
            client.callTool(new McpSchema.CallToolRequest("get_task", Map.of("id", 1)));

        assertThat(result.isError()).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> task =
            (Map<String, Object>) ((Map<String, Object>) result.structuredContent()).get("task");
        assertThat(task).containsEntry("extId", "ticket-1");
        assertThat(copilotz.requests().get(copilotz.requests().size() - 1).target())
            .isEqualTo("/rest/tasks/1");
      } finally {
        client.closeGracefully();
      }
    }
  }

  @Test
  void withoutABearerTokenBeyondLoopbackTheApplicationDoesNotStart() {
    assertThatThrownBy(() -> run("copilotz.tasks.mcp.enabled=true").close())
        .hasStackTraceContaining(
            "copilotz.tasks.mcp: the application listens on 0.0.0.0, beyond this machine: set"
                + " copilotz.tasks.mcp.bearer-token, or server.address to 127.0.0.1");
  }

  @Test
  void onLoopbackNoTokenIsNeededAndWithoutThePropertyNothingIsServed() {
    try (ConfigurableApplicationContext context =
        run("server.address=127.0.0.1", "copilotz.tasks.mcp.enabled=true")) {
      assertThat(context.containsBean("copilotzTasksMcpServlet")).isTrue();
    }
    try (ConfigurableApplicationContext context = run()) {
      assertThat(context.containsBean("copilotzTasksMcpServlet")).isFalse();
    }
  }
}
