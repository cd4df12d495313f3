package com.copilotz.tasks.mcp.internal.server;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.mcp.internal.resources.TaskResources;
import com.copilotz.tasks.mcp.internal.tools.TaskJson;
import com.copilotz.tasks.mcp.internal.tools.TaskTools;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One MCP server over a {@link TasksClient} on one transport: the tools, the resources and their
 * watches, built on the MCP SDK's synchronous server. Closing it closes the server and stops the
 * watches; the client is the caller's.
 */
public final class McpEndpoint implements AutoCloseable {
  /** The server's name, told to clients at initialization. */
  public static final String NAME = "copilotz-tasks";

  private static final String INSTRUCTIONS =
      "Copilotz tasks are units of work that move through the steps of a workflow, like cards on a"
          + " Kanban board; the Copilotz agent moves them too. Read a task (get_task) before you move"
          + " it, and pass the step you saw as expectedStep so that a move the agent made meanwhile"
          + " is never undone. await_task waits for the agent; call it again when it answers"
          + " still_running.";

  private static final JsonSchemaValidator NO_SCHEMA_VALIDATION =
      (schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(null);

  private final McpSyncServer server;
  private final TaskResources resources;

  private McpEndpoint(McpSyncServer server, TaskResources resources) {
    this.server = server;
    this.resources = resources;
  }

  /** The JSON mapper of the MCP messages: Jackson 2, the client's line. */
  public static McpJsonMapper jsonMapper() {
    return new JacksonMcpJsonMapper(new ObjectMapper());
  }

  /**
   * Serves on a single-session transport (stdio).
   *
   * @param client the client the tools call
   * @param settings the server's settings
   * @param transport the transport
   * @return the running server
   */
  public static McpEndpoint serve(
      TasksClient client, ServerSettings settings, McpServerTransportProvider transport) {
    return serve(
        client,
        settings,
        resources -> configure(McpServer.sync(transport), client, settings, resources));
  }

  /**
   * Serves on a Streamable HTTP transport.
   *
   * @param client the client the tools call
   * @param settings the server's settings
   * @param transport the transport
   * @return the running server
   */
  public static McpEndpoint serve(
      TasksClient client, ServerSettings settings, McpStreamableServerTransportProvider transport) {
    return serve(
        client,
        settings,
        resources -> configure(McpServer.sync(transport), client, settings, resources));
  }

  private static McpEndpoint serve(
      TasksClient client, ServerSettings settings, Function<TaskResources, McpSyncServer> build) {
    AtomicReference<McpSyncServer> built = new AtomicReference<>();
    TaskResources resources = resources(client, settings, built);
    McpSyncServer server = build.apply(resources);
    built.set(server);
    return new McpEndpoint(server, resources);
  }

  private static TaskResources resources(
      TasksClient client, ServerSettings settings, AtomicReference<McpSyncServer> server) {
    return new TaskResources(
        client,
        settings,
        new TaskJson(),
        uri -> {
          McpSyncServer running = server.get();
          if (running != null) {
            running.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(uri));
          }
        });
  }

  private static <S extends McpServer.SyncSpecification<S>> McpSyncServer configure(
      McpServer.SyncSpecification<S> spec,
      TasksClient client,
      ServerSettings settings,
      TaskResources resources) {
    TaskJson json = new TaskJson();
    return spec.serverInfo(NAME, settings.version())
        .instructions(INSTRUCTIONS)
        .jsonMapper(jsonMapper())
        // The tools check their own arguments, naming the field (internal.tools.Arguments), and
        // declare no output schema: the SDK's schema validator, and the 250 classes it loads at
        // start, are not needed.
        .validateToolInputs(false)
        .jsonSchemaValidator(NO_SCHEMA_VALIDATION)
        .capabilities(
            McpSchema.ServerCapabilities.builder()
                .tools(false)
                .resources(true, false)
                .logging()
                .build())
        .tools(new TaskTools(client, settings, json).specifications())
        .resources(resources.allTasks())
        .resourceTemplates(resources.templates())
        .build();
  }

  /**
   * How many resources are watched for subscriptions now.
   *
   * @return the count
   */
  public int watchedResources() {
    return resources.watched();
  }

  /** Stops the watches and closes the MCP server gracefully. */
  @Override
  public void close() {
    resources.close();
    server.closeGracefully();
  }
}
