package com.copilotz.tasks.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cold start of {@code copilotz-tasks get ID} against a local (canned) server, from process
 * start to its output: through the distribution's launcher (C1 and its class-data-sharing archive,
 * made by the warm-up), as {@code java -jar} on the executable jar, against a JVM that prints one
 * line (the floor of any JVM tool) and {@code curl}. Each measured call starts a process. The jar
 * and archive are those {@code mvn package} built in {@code cli/target}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(1)
public class CliColdStartBenchmarks {
  private CannedHttpServer server;
  private Path unpacked;

  @Setup(Level.Trial)
  public void start() throws Exception {
    server = new CannedHttpServer(Fixtures.taskJson());
    unpacked = Files.createTempDirectory("copilotz-tasks-dist");
    new ProcessBuilder(
            "tar",
            "xzf",
            Built.file("cli", "copilotz-tasks-cli-*-dist.tar.gz").toString(),
            "-C",
            unpacked.toString())
        .inheritIO()
        .start()
        .waitFor();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    server.close();
    new ProcessBuilder("rm", "-rf", unpacked.toString()).inheritIO().start().waitFor();
  }

  @Benchmark
  public int launcher() throws Exception {
    Path launcher;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(unpacked, "copilotz-tasks-*")) {
      launcher = dirs.iterator().next().resolve("bin/copilotz-tasks");
    }
    return run(List.of(launcher.toString(), "get", "4242"));
  }

  @Benchmark
  public int javaJar() throws Exception {
    return run(
        List.of(
            Built.java(),
            "-jar",
            Built.file("cli", "copilotz-tasks-cli-*-all.jar").toString(),
            "get",
            "4242"));
  }

  @Benchmark
  public int bareJvmPrintingOneLine() throws Exception {
    return run(
        List.of(
            Built.java(),
            "-cp",
            System.getProperty("java.class.path"),
            McpColdStartBenchmarks.Hello.class.getName()));
  }

  @Benchmark
  public int curl() throws Exception {
    return run(
        List.of(
            "curl",
            "-s",
            "-H",
            "Authorization: Bearer " + Fixtures.TOKEN,
            server.baseUrl() + "rest/tasks/4242"));
  }

  private int run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    Map<String, String> environment = builder.environment();
    environment.put("COPILOTZ_BASE_URL", server.baseUrl());
    environment.put("COPILOTZ_ACCESS_TOKEN", Fixtures.TOKEN);
    environment.put("XDG_CACHE_HOME", unpacked.resolve("cache").toString());
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    int read = 0;
    try (InputStream out = process.getInputStream()) {
      while (out.read() >= 0) {
        read++;
      }
    }
    if (process.waitFor() != 0 || read == 0) {
      throw new IllegalStateException(command + " failed with status " + process.exitValue());
    }
    return read;
  }
}
