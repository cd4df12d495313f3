package com.copilotz.tasks.mcp;

import com.copilotz.tasks.TaskWatch;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.mcp.internal.server.McpEndpoint;
import com.copilotz.tasks.mcp.internal.server.ServerSettings;
import com.copilotz.tasks.mcp.internal.transport.StdinEnd;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * A Model Context Protocol server over a {@link TasksClient}: the client's tasks as MCP tools
 * ({@code list_tasks}, {@code get_task}, {@code create_task}, {@code update_task}, {@code
 * advance_task}, {@code complete_task}, {@code fail_task}, {@code cancel_task}, {@code await_task})
 * and resources ({@code copilotz://tasks/{id}}, {@code
 * copilotz://tasks?workflow=..&currentStep=..&status=..}) with subscriptions, for AI agents. Every
 * call goes through the client, with its token handling, retries and guarded moves, and is an
 * operation of its {@link com.copilotz.tasks.TasksObserver} ({@code mcp.<tool>}). The Copilotz
 * token never appears in an MCP message.
 *
 * <p>Serve it over stdio ({@link #serveStdio()}, the way MCP clients launch a server), over
 * Streamable HTTP on an embedded Jetty ({@link #startHttp(McpHttpOptions)}), or as a servlet in
 * your own container ({@link #httpServlet(McpHttpOptions)}). Immutable and thread-safe; each serve
 * builds its own MCP server.
 *
 * <pre>{@code
 * try (TasksClient client = TasksClient.fromEnv();
 *     McpHttpServer server = TasksMcpServer.builder(client).build().startHttp(McpHttpOptions.defaults())) {
 *   System.err.println("MCP at " + server.uri());
 * }
 * }</pre>
 */
public final class TasksMcpServer {
  /**
   * The longest {@code await_task} waits by default: below the 60 s after which MCP clients
   * commonly give up on a tool call.
   */
  public static final Duration DEFAULT_MAX_AWAIT = Duration.ofSeconds(50);

  /** How often a waiting {@code await_task} sends a progress notification by default. */
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);

  /** The most tasks one {@code list_tasks} call or query resource returns by default. */
  public static final int DEFAULT_MAX_LIST_LIMIT = 100;

  /** The most resources watched at once for subscriptions by default. */
  public static final int DEFAULT_MAX_WATCHED_RESOURCES = 32;

  private final TasksClient client;
  private final ServerSettings settings;

  private TasksMcpServer(Builder builder) {
    this.client = builder.client;
    this.settings =
        new ServerSettings(
            builder.maxAwait,
            builder.progressInterval,
            builder.maxListLimit,
            builder.watchInterval,
            builder.maxWatchedResources,
            version());
  }

  /**
   * Starts a server over {@code client}.
   *
   * @param client the client every tool calls; the server never closes it
   * @return a new builder
   * @throws NullPointerException if {@code client} is null
   */
  public static Builder builder(TasksClient client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  /**
   * Serves one MCP client on this process's stdin and stdout until stdin ends (the client closed it
   * or exited). Nothing else may write to stdout meanwhile; the SDK's logs go to stderr.
   *
   * @throws InterruptedException if the thread is interrupted while serving; the server is closed
   */
  public void serveStdio() throws InterruptedException {
    serveStdio(System.in, System.out);
  }

  /**
   * Serves one MCP client on these streams (newline-delimited JSON-RPC) until {@code in} ends.
   *
   * @param in the client's messages
   * @param out where the server's messages go
   * @throws NullPointerException if a stream is null
   * @throws InterruptedException if the thread is interrupted while serving; the server is closed
   */
  public void serveStdio(InputStream in, OutputStream out) throws InterruptedException {
    StdinEnd input = new StdinEnd(Objects.requireNonNull(in, "in"));
    StdioServerTransportProvider transport =
        new StdioServerTransportProvider(
            McpEndpoint.jsonMapper(), input, Objects.requireNonNull(out, "out"));
    try (McpEndpoint endpoint = McpEndpoint.serve(client, settings, transport)) {
      input.await();
    }
  }

  /**
   * Serves Streamable HTTP on an embedded Jetty, as {@code options} say, until the returned server
   * is closed. Needs Jetty ({@code org.eclipse.jetty.ee11:jetty-ee11-servlet}) on the class path;
   * the executable jar has it.
   *
   * @param options where to listen and whom to answer
   * @return the running server
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalStateException if Jetty is missing, or the address cannot be bound
   */
  public McpHttpServer startHttp(McpHttpOptions options) {
    // Through HttpServing, so that serving stdio never loads a servlet class.
    return HttpServing.start(client, settings, Objects.requireNonNull(options, "options"));
  }

  /**
   * Makes the Streamable HTTP endpoint as a servlet, for a servlet container of your own; mount it
   * at {@code options.path()} with asynchronous support. The options' host and port are the
   * container's to bind; their origin, host and bearer-token checks apply to every request. Needs
   * the servlet API ({@code jakarta.servlet}, 6.0 or later), which a servlet container has.
   *
   * @param options whom to answer, and the path
   * @return the servlet; destroying it closes the MCP server
   * @throws NullPointerException if {@code options} is null
   */
  public McpServlet httpServlet(McpHttpOptions options) {
    return HttpServing.servlet(client, settings, Objects.requireNonNull(options, "options"));
  }

  /** Describes the server by its client and settings; never shows a token. */
  @Override
  public String toString() {
    return "TasksMcpServer{client=" + client + ", settings=" + settings + "}";
  }

  /**
   * Returns this module's version, told to MCP clients at initialization.
   *
   * @return the version, or {@code dev} when run from classes rather than a jar
   */
  public static String version() {
    String version = TasksMcpServer.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** Builds a {@link TasksMcpServer}. Not thread-safe. */
  public static final class Builder {
    private final TasksClient client;
    private Duration maxAwait = DEFAULT_MAX_AWAIT;
    private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
    private int maxListLimit = DEFAULT_MAX_LIST_LIMIT;
    private Duration watchInterval = TaskWatch.DEFAULT_INTERVAL;
    private int maxWatchedResources = DEFAULT_MAX_WATCHED_RESOURCES;

    private Builder(TasksClient client) {
      this.client = client;
    }

    /**
     * Sets the longest an {@code await_task} call may wait; {@link #DEFAULT_MAX_AWAIT} by default.
     * Keep it below your MCP clients' tool-call timeout: an agent calls again to wait longer.
     *
     * @param maxAwait from 1 s to 10 min
     * @return this builder
     * @throws NullPointerException if {@code maxAwait} is null
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder maxAwait(Duration maxAwait) {
      this.maxAwait = inRange(maxAwait, "maxAwait", Duration.ofSeconds(1), Duration.ofMinutes(10));
      return this;
    }

    /**
     * Sets how often a waiting {@code await_task} sends a progress notification (to clients that
     * asked for them); {@link #DEFAULT_PROGRESS_INTERVAL} by default.
     *
     * @param progressInterval from 10 ms to 1 min
     * @return this builder
     * @throws NullPointerException if {@code progressInterval} is null
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder progressInterval(Duration progressInterval) {
      this.progressInterval =
          inRange(
              progressInterval, "progressInterval", Duration.ofMillis(10), Duration.ofMinutes(1));
      return this;
    }

    /**
     * Sets the most tasks one {@code list_tasks} call or query resource returns; {@link
     * #DEFAULT_MAX_LIST_LIMIT} by default.
     *
     * @param maxListLimit from 1 to 1,000
     * @return this builder
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder maxListLimit(int maxListLimit) {
      if (maxListLimit < 1 || maxListLimit > 1_000) {
        throw new IllegalArgumentException(
            "maxListLimit must be from 1 to 1000, got " + maxListLimit);
      }
      this.maxListLimit = maxListLimit;
      return this;
    }

    /**
     * Sets how often a subscribed resource's watch lists its tasks; {@link
     * TaskWatch#DEFAULT_INTERVAL} by default.
     *
     * @param watchInterval a positive duration
     * @return this builder
     * @throws NullPointerException if {@code watchInterval} is null
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder watchInterval(Duration watchInterval) {
      this.watchInterval =
          inRange(watchInterval, "watchInterval", Duration.ofMillis(1), Duration.ofDays(1));
      return this;
    }

    /**
     * Sets the most resources watched at once for subscriptions; the least recently read stops
     * first. {@link #DEFAULT_MAX_WATCHED_RESOURCES} by default.
     *
     * @param maxWatchedResources from 1 to 1,000
     * @return this builder
     * @throws IllegalArgumentException if it is out of range
     */
    public Builder maxWatchedResources(int maxWatchedResources) {
      if (maxWatchedResources < 1 || maxWatchedResources > 1_000) {
        throw new IllegalArgumentException(
            "maxWatchedResources must be from 1 to 1000, got " + maxWatchedResources);
      }
      this.maxWatchedResources = maxWatchedResources;
      return this;
    }

    /**
     * Builds the server; nothing is served until a serve method is called.
     *
     * @return the server
     */
    public TasksMcpServer build() {
      return new TasksMcpServer(this);
    }

    private static Duration inRange(Duration value, String name, Duration min, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            name + " must be from " + min + " to " + max + ", got " + value);
      }
      return value;
    }
  }
}
