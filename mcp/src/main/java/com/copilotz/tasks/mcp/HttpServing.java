package com.copilotz.tasks.mcp;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.mcp.internal.server.McpEndpoint;
import com.copilotz.tasks.mcp.internal.server.ServerSettings;
import com.copilotz.tasks.mcp.internal.transport.JettyHost;
import com.copilotz.tasks.mcp.internal.transport.RequestGuard;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the MCP server over Streamable HTTP, for {@link TasksMcpServer}: kept apart so that a
 * server used over stdio never loads the servlet API, which is then optional.
 */
final class HttpServing {
  private HttpServing() {}

  static McpHttpServer start(TasksClient client, ServerSettings settings, McpHttpOptions options) {
    if (!JettyHost.available()) {
      throw new IllegalStateException(
          "startHttp needs Jetty on the class path: add org.eclipse.jetty.ee11:jetty-ee11-servlet,"
              + " or mount httpServlet(options) in your own servlet container");
    }
    McpServlet servlet = servlet(client, settings, options);
    try {
      return new McpHttpServer(
          JettyHost.start(servlet, options.host(), options.port(), options.path()), servlet);
    } catch (RuntimeException e) {
      servlet.close();
      throw e;
    }
  }

  static McpServlet servlet(TasksClient client, ServerSettings settings, McpHttpOptions options) {
    List<String> origins = new ArrayList<>(RequestGuard.loopbackOrigins());
    origins.addAll(options.allowedOrigins());
    List<String> hosts = new ArrayList<>();
    if (options.loopback()) {
      hosts.addAll(RequestGuard.loopbackHosts());
    }
    hosts.addAll(options.allowedHosts());
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(McpEndpoint.jsonMapper())
            .mcpEndpoint(options.path())
            .securityValidator(new RequestGuard(origins, hosts, options.bearerToken().orElse(null)))
            .build();
    return new McpServlet(transport, McpEndpoint.serve(client, settings, transport));
  }
}
