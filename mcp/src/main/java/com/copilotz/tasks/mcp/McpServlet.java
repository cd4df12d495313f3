package com.copilotz.tasks.mcp;

import com.copilotz.tasks.mcp.internal.server.McpEndpoint;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;

/**
 * The MCP server's Streamable HTTP endpoint as a servlet, for an application's own servlet
 * container (the Spring Boot starter mounts one): made by {@link
 * TasksMcpServer#httpServlet(McpHttpOptions)}, with that server's tools and resources and the
 * options' origin, host and bearer-token checks. Mount it with asynchronous support at the options'
 * path. Destroying it (or {@link #close()}) closes the MCP server and its watches; the {@code
 * TasksClient} is left open.
 */
public final class McpServlet extends HttpServlet implements AutoCloseable {
  private static final long serialVersionUID = 1L;

  private final transient HttpServletStreamableServerTransportProvider transport;
  private final transient McpEndpoint endpoint;

  McpServlet(HttpServletStreamableServerTransportProvider transport, McpEndpoint endpoint) {
    this.transport = transport;
    this.endpoint = endpoint;
  }

  /**
   * Initializes the servlet and the transport behind it.
   *
   * @param config the container's configuration of this servlet
   * @throws ServletException if the transport fails to initialize
   */
  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    transport.init(config);
  }

  /**
   * Serves one MCP request (a POST of messages, a GET of the event stream, a DELETE of the
   * session).
   *
   * @param request the request
   * @param response the response
   * @throws ServletException if the transport fails
   * @throws IOException if the connection fails
   */
  @Override
  public void service(ServletRequest request, ServletResponse response)
      throws ServletException, IOException {
    transport.service(request, response);
  }

  /** Closes the MCP server, as {@link #close()} does, when the container removes the servlet. */
  @Override
  public void destroy() {
    close();
  }

  /** Closes the MCP server and stops its watches; closing twice does nothing. */
  @Override
  public void close() {
    endpoint.close();
    transport.destroy();
  }
}
