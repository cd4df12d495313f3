package com.copilotz.tasks.mcp.internal.transport;

import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Hosts one servlet at one path on an embedded Jetty server. */
public final class JettyHost implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final String host;
  private final String path;

  private JettyHost(Server server, ServerConnector connector, String host, String path) {
    this.server = server;
    this.connector = connector;
    this.host = host;
    this.path = path;
  }

  /** Tells whether Jetty is on the class path. */
  public static boolean available() {
    try {
      Class.forName(
          "org.eclipse.jetty.ee11.servlet.ServletContextHandler",
          false,
          JettyHost.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Starts Jetty serving {@code servlet} at {@code path} on {@code host:port}.
   *
   * @throws IllegalStateException if it cannot start (the port is taken, say)
   */
  public static JettyHost start(HttpServlet servlet, String host, int port, String path) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, path);
    server.setHandler(context);
    server.setStopTimeout(2_000);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException(
          "The MCP server could not listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return new JettyHost(server, connector, host, path);
  }

  /** The port listened on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The endpoint's URI. */
  public URI uri() {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + shown + ":" + port() + path);
  }

  /** Stops Jetty. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop: " + e.getMessage(), e);
    }
  }
}
