package com.copilotz.tasks.mcp.internal.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The executable jar's command line: its help, its version, and one clear line for bad input. */
class MainTest {
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(Map<String, String> environment, String... args) {
    return Main.run(args, environment::get, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpPrintsTheUsageAndTheEnvironment() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(err()).contains("--http", "--fake", "COPILOTZ_ACCESS_TOKEN", "COPILOTZ_MCP_TOKEN");
  }

  @Test
  void versionPrintsTheVersion() {
    assertThat(run(Map.of(), "--version")).isZero();
    assertThat(err()).startsWith("copilotz-tasks-mcp ");
  }

  @Test
  void anUnknownOptionIsOneLineAndTheUsageWithStatus2() {
    assertThat(run(Map.of(), "--htp")).isEqualTo(2);
    assertThat(err()).startsWith("copilotz-tasks-mcp: unknown option --htp\nUsage:");
  }

  @Test
  void badValuesNameTheOption() {
    assertThat(run(Map.of(), "--http", "--port", "http")).isEqualTo(2);
    assertThat(err()).startsWith("copilotz-tasks-mcp: --port must be a number, got http");
    err.reset();
    assertThat(run(Map.of(), "--http", "--port")).isEqualTo(2);
    assertThat(err()).startsWith("copilotz-tasks-mcp: --port needs a value");
    err.reset();
    assertThat(run(Map.of(), "--allow-origin", "example.com")).isEqualTo(2);
    assertThat(err()).startsWith("copilotz-tasks-mcp: --allow-origin must start with http://");
  }

  @Test
  void withoutCredentialsItSaysWhichVariablesToSetAndExits1() {
    assertThat(run(Map.of())).isEqualTo(1);
    assertThat(err()).startsWith("copilotz-tasks-mcp: ").contains("COPILOTZ_ACCESS_TOKEN");
    assertThat(err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void beyondLoopbackWithoutAnMcpTokenItRefusesToServe() {
    assertThat(run(Map.of(), "--fake", "--http", "--host", "0.0.0.0")).isEqualTo(2);
    assertThat(err())
        .contains("host 0.0.0.0 is reachable beyond this machine", "COPILOTZ_MCP_TOKEN");
  }
}
