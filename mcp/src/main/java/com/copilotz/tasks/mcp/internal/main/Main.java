package com.copilotz.tasks.mcp.internal.main;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.mcp.McpHttpOptions;
import com.copilotz.tasks.mcp.McpHttpServer;
import com.copilotz.tasks.mcp.TasksMcpServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar copilotz-tasks-mcp-<version>-all.jar [options]}: serves the MCP server over
 * stdio (by default) or Streamable HTTP ({@code --http}), against Copilotz as {@code
 * TasksClient.fromEnv()} reads it from {@code COPILOTZ_*}, or against an embedded fake server with
 * its agent ({@code --fake}). Nothing but MCP messages is written to stdout; what it says is on
 * stderr. Exit status: 0 after serving, 1 when it cannot start, 2 for bad options.
 */
public final class Main {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar copilotz-tasks-mcp-<version>-all.jar [options]",
          "  (no option)          serve one MCP client on stdin/stdout, as MCP clients launch servers",
          "  --http               serve Streamable HTTP instead, until stopped",
          "  --host ADDRESS       the address to bind with --http (default 127.0.0.1); beyond loopback",
          "                       COPILOTZ_MCP_TOKEN must be set",
          "  --port N             the port with --http (default 3000; 0 picks a free one)",
          "  --path PATH          the endpoint's path with --http (default /mcp)",
          "  --allow-origin URL   let web pages of this origin call (repeatable; loopback's always can)",
          "  --fake               serve an embedded fake Copilotz with its agent at work: no account needed",
          "  --version            print the version and exit",
          "  --help               print this and exit",
          "Environment:",
          "  COPILOTZ_ACCESS_TOKEN, or COPILOTZ_USERNAME, COPILOTZ_PASSWORD and COPILOTZ_NAMESPACE;",
          "  COPILOTZ_BASE_URL (default https://copilotz.com): as TasksClient.fromEnv() reads them",
          "  COPILOTZ_MCP_TOKEN   the bearer token MCP clients must send with --http (optional on loopback)");

  /**
   * The libraries' loggers kept to warnings: the MCP SDK and Jetty tell each request at INFO, which
   * stderr of an MCP client's log does not need. Held here, as java.util.logging keeps loggers
   * weakly.
   */
  private static final List<Logger> QUIET =
      List.of(Logger.getLogger("io.modelcontextprotocol"), Logger.getLogger("org.eclipse.jetty"));

  private Main() {}

  /**
   * Runs the server as {@code args} say.
   *
   * @param args the command line options
   */
  public static void main(String[] args) {
    QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
    // Exits in every case: over stdio the client closed stdin, and the SDK's threads are not
    // daemons.
    System.exit(run(args, System.getenv()::get, System.err));
  }

  /**
   * Runs the server, returning the exit status.
   *
   * @param args the options
   * @param environment reads an environment variable
   * @param err where messages go
   */
  static int run(String[] args, Function<String, String> environment, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("copilotz-tasks-mcp: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (options.help) {
      err.println(USAGE);
      return 0;
    }
    if (options.version) {
      err.println("copilotz-tasks-mcp " + TasksMcpServer.version());
      return 0;
    }
    AutoCloseable fake = null;
    TasksClient client;
    try {
      if (options.fake) {
        FakeCopilotz started = FakeCopilotz.start(err);
        fake = started;
        client = started.client();
      } else {
        client = TasksClient.fromEnv();
      }
    } catch (RuntimeException e) {
      err.println("copilotz-tasks-mcp: " + e.getMessage());
      return 1;
    }
    try {
      TasksMcpServer server = TasksMcpServer.builder(client).build();
      if (options.http) {
        return serveHttp(server, options, environment, err);
      }
      server.serveStdio();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (RuntimeException e) {
      err.println("copilotz-tasks-mcp: " + e.getMessage());
      return 1;
    } finally {
      client.close();
      closeQuietly(fake);
    }
  }

  private static int serveHttp(
      TasksMcpServer server, Options options, Function<String, String> environment, PrintStream err)
      throws InterruptedException {
    McpHttpOptions.Builder http =
        McpHttpOptions.builder().host(options.host).port(options.port).path(options.path);
    options.origins.forEach(http::allowOrigin);
    String token = environment.apply("COPILOTZ_MCP_TOKEN");
    if (token != null && !token.isBlank()) {
      http.bearerToken(token.strip());
    }
    McpHttpOptions built;
    try {
      built = http.build();
    } catch (IllegalStateException e) {
      err.println("copilotz-tasks-mcp: " + e.getMessage() + " (COPILOTZ_MCP_TOKEN)");
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (McpHttpServer running = server.startHttp(built)) {
      err.println(
          "copilotz-tasks-mcp: serving Streamable HTTP at "
              + running.uri()
              + (built.bearerToken().isPresent() ? " (bearer token required)" : ""));
      Runtime.getRuntime()
          .addShutdownHook(new Thread(stopped::countDown, "copilotz-tasks-mcp-shutdown"));
      stopped.await();
    }
    return 0;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // Leaving anyway.
      }
    }
  }

  /** The command line, parsed. */
  static final class Options {
    boolean http;
    boolean fake;
    boolean help;
    boolean version;
    String host = McpHttpOptions.DEFAULT_HOST;
    int port = 3000;
    String path = McpHttpOptions.DEFAULT_PATH;
    final List<String> origins = new ArrayList<>();

    static Options parse(String[] args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        switch (option) {
          case "--http":
            options.http = true;
            break;
          case "--fake":
            options.fake = true;
            break;
          case "--help":
          case "-h":
            options.help = true;
            break;
          case "--version":
            options.version = true;
            break;
          case "--host":
            options.host = value(args, ++i, option);
            break;
          case "--port":
            String port = value(args, ++i, option);
            try {
              options.port = Integer.parseInt(port);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--port must be a number, got " + port);
            }
            if (options.port < 0 || options.port > 65535) {
              throw new IllegalArgumentException("--port must be from 0 to 65535, got " + port);
            }
            break;
          case "--path":
            options.path = value(args, ++i, option);
            if (!options.path.startsWith("/")) {
              throw new IllegalArgumentException("--path must start with /, got " + options.path);
            }
            break;
          case "--allow-origin":
            String origin = value(args, ++i, option);
            if (!origin.startsWith("http://") && !origin.startsWith("https://")) {
              throw new IllegalArgumentException(
                  "--allow-origin must start with http:// or https://, got " + origin);
            }
            options.origins.add(origin);
            break;
          default:
            throw new IllegalArgumentException("unknown option " + option);
        }
      }
      return options;
    }

    private static String value(String[] args, int index, String option) {
      if (index >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[index];
    }
  }
}
