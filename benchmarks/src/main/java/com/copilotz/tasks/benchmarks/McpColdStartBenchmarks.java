package com.copilotz.tasks.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cold start of the MCP server as an MCP client sees it: from launching {@code java -jar
 * copilotz-tasks-mcp-<version>-all.jar --fake} to the answer of {@code tools/list} (initialize
 * first, as every client does), against a JVM that only prints one line (the floor of any JVM
 * tool). Each measured call starts a new process. The jar is {@code -Dmcp.jar=...}, or the one
 * {@code mvn package} built in {@code mcp/target}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(1)
public class McpColdStartBenchmarks {
  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cold\",\"version\":\"1\"}}}\n"
          + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
          + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n";

  @Benchmark
  public String jarWithFakeToListedTools() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(Built.java(), "-jar", jar().toString(), "--fake")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      OutputStream in = process.getOutputStream();
      in.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
      in.flush();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.contains("\"id\":2") && line.contains("\"await_task\"")) {
          return line;
        }
      }
      throw new IllegalStateException("the server ended before listing its tools");
    } finally {
      process.getOutputStream().close();
      process.waitFor(30, TimeUnit.SECONDS);
      process.destroyForcibly();
    }
  }

  @Benchmark
  public String bareJvmPrintingOneLine() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                Built.java(), "-cp", System.getProperty("java.class.path"), Hello.class.getName())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      return new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
    } finally {
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Prints one line. */
  public static final class Hello {
    private Hello() {}

    /**
     * Prints one line.
     *
     * @param args none
     */
    public static void main(String[] args) {
      System.out.println("hello");
    }
  }

  static Path jar() throws IOException {
    String given = System.getProperty("mcp.jar");
    return given != null ? Path.of(given) : Built.file("mcp", "copilotz-tasks-mcp-*-all.jar");
  }
}
