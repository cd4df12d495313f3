package com.copilotz.tasks.mcp;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.TasksObserver;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import com.copilotz.tasks.testing.ReceivedRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A fake Copilotz with a support workflow and three tasks, a client over it that records the
 * operations its observer is told of, the MCP server over that client on Streamable HTTP (loopback,
 * a free port), and the MCP SDK's own client connected to it.
 */
final class McpHarness implements AutoCloseable {
  final FakeCopilotzServer copilotz = new FakeCopilotzServer().start();
  final Workflow workflow = copilotz.seedWorkflow("Support ticket", "triage", "answer", "close");
  final List<String> operations = new CopyOnWriteArrayList<>();
  final BlockingQueue<String> endedOperations = new LinkedBlockingQueue<>();
  final TasksClient client;
  final McpHttpServer server;
  final McpSyncClient mcp;
  final BlockingQueue<McpSchema.ProgressNotification> progress = new LinkedBlockingQueue<>();
  final BlockingQueue<String> updatedResources = new LinkedBlockingQueue<>();
  final long triage;
  final long answer;
  final long close;

  McpHarness() {
    this(builder -> {}, McpHttpOptions.defaults());
  }

  McpHarness(Consumer<TasksMcpServer.Builder> settings, McpHttpOptions options) {
    client =
        copilotz
            .clientBuilder()
            .maxRetries(0)
            .observer(
                start -> {
                  operations.add(start.name());
                  return new TasksObserver.Operation() {
                    @Override
                    public TasksObserver.Attempt attemptStarted(
                        TasksObserver.AttemptStart attempt) {
                      return end -> {};
                    }

                    @Override
                    public void operationEnded(Throwable failure) {
                      endedOperations.add(start.name());
                    }
                  };
                })
            .build();
    List<Long> steps = workflow.getSteps();
    triage = steps.get(0);
    answer = steps.get(1);
    close = steps.get(2);
    for (String name : List.of("Cannot log in", "Invoice is wrong", "Dark mode")) {
      client.createTask(
          new CreateTaskRequest()
              .extId("ticket-" + name.length())
              .name(name)
              .description(name)
              .workflow(workflow.getId()));
    }
    TasksMcpServer.Builder builder =
        TasksMcpServer.builder(client).progressInterval(Duration.ofMillis(100));
    settings.accept(builder);
    server = builder.build().startHttp(options);
    mcp = connect(server.uri().toString(), options.bearerToken().orElse(null));
    copilotz.forgetRequests();
    operations.clear();
    endedOperations.clear();
  }

  /** Blocks until an operation of this name has ended (a watch's listing, say). */
  void awaitEnded(String operation) throws InterruptedException {
    while (true) {
      String ended = endedOperations.poll(60, java.util.concurrent.TimeUnit.SECONDS);
      if (ended == null) {
        throw new AssertionError("no " + operation + " ended within a minute");
      }
      if (ended.equals(operation)) {
        return;
      }
    }
  }

  McpSyncClient connect(String uri, String bearerToken) {
    HttpClientStreamableHttpTransport.Builder transport =
        HttpClientStreamableHttpTransport.builder(uri.replace("/mcp", ""))
            .endpoint("/mcp")
            .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()));
    if (bearerToken != null) {
      transport.httpRequestCustomizer(
          (request, method, endpoint, body, context) ->
              request.header("Authorization", "Bearer " + bearerToken));
    }
    McpSyncClient connected =
        McpClient.sync(transport.build())
            .requestTimeout(Duration.ofSeconds(60))
            .progressConsumer(progress::add)
            .resourcesUpdateConsumer(
                contents -> contents.forEach(content -> updatedResources.add(content.uri())))
            .build();
    connected.initialize();
    return connected;
  }

  CallToolResult call(String tool, Map<String, Object> arguments) {
    return mcp.callTool(new McpSchema.CallToolRequest(tool, arguments));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> structured(CallToolResult result) {
    return (Map<String, Object>) result.structuredContent();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> task(CallToolResult result) {
    return (Map<String, Object>) structured(result).get("task");
  }

  static String text(CallToolResult result) {
    return result.content().stream()
        .map(content -> ((McpSchema.TextContent) content).text())
        .collect(Collectors.joining("\n"));
  }

  /** The requests Copilotz received, as "METHOD target" lines. */
  List<String> requests() {
    return copilotz.requests().stream()
        .map(request -> request.method() + " " + request.target())
        .collect(Collectors.toList());
  }

  /** The body of the only request with this method. */
  String body(String method) {
    List<ReceivedRequest> matching =
        copilotz.requests().stream()
            .filter(request -> request.method().equals(method))
            .collect(Collectors.toList());
    if (matching.size() != 1) {
      throw new AssertionError("expected one " + method + ", got " + requests());
    }
    return matching.get(0).body();
  }

  Task stored(long id) {
    return copilotz.task(id).orElseThrow();
  }

  @Override
  public void close() {
    mcp.closeGracefully();
    server.close();
    client.close();
    copilotz.close();
  }
}
