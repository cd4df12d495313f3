package com.copilotz.tasks.mcp;

import com.copilotz.tasks.mcp.internal.transport.JettyHost;
import java.net.URI;

/**
 * A running MCP server on Streamable HTTP, started by {@link
 * TasksMcpServer#startHttp(McpHttpOptions)} on an embedded Jetty. Close it to stop serving; the
 * {@code TasksClient} is left open. Thread-safe.
 */
public final class McpHttpServer implements AutoCloseable {
  private final JettyHost host;
  private final McpServlet servlet;

  McpHttpServer(JettyHost host, McpServlet servlet) {
    this.host = host;
    this.servlet = servlet;
  }

  /**
   * Returns the endpoint's URI, to give to MCP clients.
   *
   * @return such as {@code http://127.0.0.1:3000/mcp}
   */
  public URI uri() {
    return host.uri();
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return host.port();
  }

  /**
   * Stops serving: closes the MCP sessions, stops the watches, stops Jetty.
   *
   * @throws IllegalStateException if Jetty fails to stop
   */
  @Override
  public void close() {
    servlet.close();
    host.close();
  }

  /** Describes the server by its URI. */
  @Override
  public String toString() {
    return "McpHttpServer{" + uri() + "}";
  }
}
