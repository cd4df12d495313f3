package com.copilotz.tasks.testing;

import com.copilotz.tasks.model.Workflow;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FakeCopilotzServer} on its own, for tests written in other languages and for
 * docker-compose setups: {@code java -jar copilotz-tasks-testing-<version>-standalone.jar --port
 * 8080}. It prints its URL, its token and its seeded workflows, and serves until the process is
 * stopped.
 */
public final class StandaloneServer {
  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar copilotz-tasks-testing-<version>-standalone.jar [options]",
          "  --port N                  the port to listen on (default 8080; 0 picks a free one and prints it)",
          "  --host ADDRESS            the address to bind (default 127.0.0.1; 0.0.0.0 in a container)",
          "  --token TOKEN             accept this bearer token (repeatable; one is issued when none is given)",
          "  --user NAME:PASSWORD:NAMESPACE",
          "                            a user who can log in at /api/auth/login (repeatable)",
          "  --token-lifetime DURATION how long tokens from a login last, ISO-8601 (default PT1H)",
          "  --workflow NAME:STEP,STEP,...",
          "                            seed a workflow whose steps are chained by next (repeatable)",
          "  --bare-array-lists        answer lists as bare arrays, as the docs show them",
          "  --honour-paging           honour limit and offset, as a newer server may",
          "  --agent STEP=succeed|fail|pending",
          "                            the agent works the step of this name (repeatable)",
          "  --agent-interval DURATION how often the agent moves the tasks it works, ISO-8601 (default PT2S)",
          "  --help                    print this and exit");

  private StandaloneServer() {}

  /**
   * Starts the fake server with the options in {@code args} (see {@code --help}), prints where it
   * listens, and serves until the process is stopped. Bad options print the usage and exit with
   * status 2.
   *
   * @param args the command line options
   * @throws InterruptedException if the thread is interrupted while the server serves
   */
  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(USAGE);
      return;
    }
    FakeCopilotzServer server;
    try {
      server = start(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "fake-copilotz-shutdown"));
    stopped.await();
  }

  /**
   * Starts a server as {@code args} say and prints where it is to {@code out}.
   *
   * @throws IllegalArgumentException naming the option, when one is unknown or its value is not
   *     valid
   */
  static FakeCopilotzServer start(String[] args, PrintStream out) {
    int port = 8080;
    String host = "127.0.0.1";
    List<String> tokens = new ArrayList<>();
    List<String[]> users = new ArrayList<>();
    List<String[]> workflows = new ArrayList<>();
    Duration tokenLifetime = null;
    boolean bare = false;
    boolean paging = false;
    List<String[]> agentSteps = new ArrayList<>();
    Duration agentInterval = Duration.ofSeconds(2);
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--port":
          port = parsePort(value(args, ++i, option));
          break;
        case "--host":
          host = value(args, ++i, option);
          break;
        case "--token":
          tokens.add(value(args, ++i, option));
          break;
        case "--user":
          String[] user = value(args, ++i, option).split(":", 3);
          if (user.length != 3 || user[0].isBlank() || user[1].isEmpty() || user[2].isBlank()) {
            throw new IllegalArgumentException(
                "--user must be NAME:PASSWORD:NAMESPACE, was " + args[i]);
          }
          users.add(user);
          break;
        case "--token-lifetime":
          tokenLifetime = parseDuration(value(args, ++i, option), option);
          break;
        case "--workflow":
          String workflow = value(args, ++i, option);
          int colon = workflow.indexOf(':');
          if (colon <= 0 || colon == workflow.length() - 1) {
            throw new IllegalArgumentException(
                "--workflow must be NAME:STEP,STEP,..., was " + workflow);
          }
          workflows.add(new String[] {workflow.substring(0, colon), workflow.substring(colon + 1)});
          break;
        case "--bare-array-lists":
          bare = true;
          break;
        case "--honour-paging":
          paging = true;
          break;
        case "--agent":
          String rule = value(args, ++i, option);
          int equals = rule.lastIndexOf('=');
          String outcome = equals < 0 ? "" : rule.substring(equals + 1);
          if (equals <= 0 || !List.of("succeed", "fail", "pending").contains(outcome)) {
            throw new IllegalArgumentException(
                "--agent must be STEP=succeed, STEP=fail or STEP=pending, was " + rule);
          }
          agentSteps.add(new String[] {rule.substring(0, equals).trim(), outcome});
          break;
        case "--agent-interval":
          agentInterval = parseDuration(value(args, ++i, option), option);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + option);
      }
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--host is not an address of this machine: " + host, e);
    }
    FakeCopilotzServer server = new FakeCopilotzServer().bareArrayLists(bare).honourPaging(paging);
    if (tokenLifetime != null) {
      server.tokenLifetime(tokenLifetime);
    }
    users.forEach(user -> server.addUser(user[0], user[1], user[2]));
    if (tokens.isEmpty() && users.isEmpty()) {
      tokens.add(server.issueToken());
    } else {
      tokens.forEach(server::registerToken);
    }
    try {
      server.start(address, port);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof BindException) {
        throw new IllegalArgumentException(
            "--port "
                + port
                + " is already in use on "
                + host
                + ": choose another port, or --port 0 for a free one",
            e);
      }
      throw e;
    }
    out.println("FakeCopilotzServer listening on " + server.baseUrl());
    tokens.forEach(token -> out.println("token: " + token));
    users.forEach(user -> out.println("user: " + user[0] + " (namespace " + user[2] + ")"));
    for (String[] workflow : workflows) {
      String[] steps =
          Arrays.stream(workflow[1].split(",")).map(String::trim).toArray(String[]::new);
      Workflow seeded = server.seedWorkflow(workflow[0].trim(), steps);
      out.println(
          "workflow "
              + seeded.getId()
              + " \""
              + seeded.getName()
              + "\": steps "
              + seeded.getSteps());
    }
    for (String[] step : agentSteps) {
      switch (step[1]) {
        case "succeed":
          server.agent().works(step[0], java.util.Map.of());
          break;
        case "fail":
          server.agent().fails(step[0], "failed by the fake agent");
          break;
        default:
          server.agent().leavesPending(step[0]);
      }
      out.println("agent: " + step[1] + " at step \"" + step[0] + "\"");
    }
    if (!agentSteps.isEmpty()) {
      server.agent().runEvery(agentInterval);
      out.println("agent: moves every " + agentInterval);
    }
    out.flush();
    return server;
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be between 0 and 65535, was " + text);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, was " + text, e);
    }
  }

  private static Duration parseDuration(String text, String option) {
    try {
      Duration lifetime = Duration.parse(text);
      if (lifetime.isZero() || lifetime.isNegative()) {
        throw new IllegalArgumentException(option + " must be positive, was " + text);
      }
      return lifetime;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " must be an ISO-8601 duration such as PT1H, was " + text, e);
    }
  }
}
