package com.copilotz.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live board on a real pseudo-terminal: the executable jar runs {@code board} in a tmux pane
 * (80x20) against a fake Copilotz in this JVM; the test reads what the program writes to the pane
 * as it comes (tmux pipe-pane into a FIFO: blocking reads, no sleep), reads the screen with
 * capture-pane, moves tasks, quits with {@code q} or Ctrl-C, and checks the terminal is given back.
 * tmux comes from Debian ({@code .ci/run} installs it).
 */
class BoardTerminalIT {
  static final Pattern ESCAPES =
      Pattern.compile("\u001B(\\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78]|\\][^\u0007]*\u0007)");

  final String socket = "cli-it-" + UUID.randomUUID().toString().substring(0, 8);
  FakeCopilotzServer copilotz;
  TasksClient client;
  Workflow workflow;
  final StringBuilder written = new StringBuilder();

  @BeforeEach
  void start() {
    copilotz = new FakeCopilotzServer().start();
    workflow = copilotz.seedWorkflow("Support", "triage", "answer", "close");
    client = copilotz.newClient();
    for (int i = 1; i <= 2; i++) {
      client.createTask(
          new CreateTaskRequest()
              .extId("t-" + i)
              .name("Ticket " + i)
              .description("d")
              .workflow(workflow.getId()));
    }
    client.advance(2);
  }

  @AfterEach
  void stop() throws Exception {
    tmux("kill-server");
    client.close();
    copilotz.close();
  }

  @Test
  void theBoardIsDrawnRedrawnOnAMoveAndQuitsOnQWithTheTerminalRestored() throws Exception {
    launch();
    awaitWritten("answer (1)");
    List<String> screen = capture();
    assertThat(screen.get(0)).isEqualTo("Support (workflow " + workflow.getId() + ")");
    assertThat(screen.get(1))
        .isEqualTo("triage (1)                |answer (1)                |close (0)");
    assertThat(screen.get(3)).isEqualTo("* #1 t-1                  |* #2 t-2                  |");

    client.createTask(
        new CreateTaskRequest()
            .extId("t-3")
            .name("Ticket 3")
            .description("d")
            .workflow(workflow.getId()));
    awaitWritten("#3");
    screen = capture();
    assertThat(screen.get(1)).startsWith("triage (2)");
    assertThat(screen.get(4)).isEqualTo("* #3 t-3                  |                          |");

    tmux("send-keys", "-t", "board", "q");
    tmux("wait-for", "done");
    assertThat(Files.readString(exitFile()).strip()).isEqualTo("0");
    screen = capture();
    assertThat(String.join("\n", screen)).contains("exit=0").doesNotContain("triage (");
  }

  @Test
  void ctrlCQuitsToo() throws Exception {
    launch();
    awaitWritten("answer (1)");

    tmux("send-keys", "-t", "board", "C-c");
    tmux("wait-for", "done");

    assertThat(Files.readString(exitFile()).strip()).isEqualTo("0");
  }

  private Path exitFile() {
    return Path.of("target", socket + ".exit").toAbsolutePath();
  }

  /** Starts the board in a tmux pane, its output piped to a FIFO this test reads. */
  private void launch() throws Exception {
    Path fifo = Path.of("target", socket + ".fifo").toAbsolutePath();
    run("mkfifo", fifo.toString());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The shell survives Ctrl-C, as an interactive one does: the board gets it. The board's exit
    // status goes to a file; then the shell says it is done, and stays for capture-pane.
    String command =
        String.join(
            "; ",
            "trap true INT",
            "tmux -L " + socket + " wait-for go",
            // A shell's output above the prompt: the board must still start at the top.
            "printf 'earlier\\noutput\\nof the shell\\n'",
            java
                + " -jar "
                + System.getProperty("cli.jar")
                + " board --workflow "
                + workflow.getId()
                + " --interval 100ms",
            "status=$?",
            "echo exit=$status",
            "echo $status > " + exitFile(),
            "tmux -L " + socket + " wait-for -S done",
            "exec cat");
    tmux(
        "new-session",
        "-d",
        "-s",
        "board",
        "-x",
        "80",
        "-y",
        "20",
        "-e",
        "COPILOTZ_BASE_URL=" + copilotz.baseUrl(),
        "-e",
        "COPILOTZ_ACCESS_TOKEN=" + copilotz.issueToken(),
        "sh",
        "-c",
        command);
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = new FileInputStream(fifo.toFile())) {
                byte[] buffer = new byte[8192];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                  synchronized (written) {
                    written.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                    written.notifyAll();
                  }
                }
              } catch (IOException e) {
                synchronized (written) {
                  written.append("\n<read failed: ").append(e).append(">");
                  written.notifyAll();
                }
              }
            },
            "pane-reader");
    reader.setDaemon(true);
    reader.start();
    tmux("pipe-pane", "-t", "board", "-O", "cat > " + fifo);
    tmux("wait-for", "-S", "go");
  }

  /**
   * Blocks until the program has written {@code text} (escape sequences left out), for a minute at
   * most.
   */
  private void awaitWritten(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    synchronized (written) {
      while (!ESCAPES.matcher(written).replaceAll("").contains(text)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "the board never wrote "
                  + text
                  + "; it wrote: "
                  + ESCAPES.matcher(written).replaceAll(""));
        }
        TimeUnit.NANOSECONDS.timedWait(written, left);
      }
    }
  }

  private List<String> capture() throws Exception {
    return List.of(tmux("capture-pane", "-p", "-t", "board").split("\n", -1));
  }

  private String tmux(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    return run(command.toArray(new String[0]));
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    process.getInputStream().transferTo(output);
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    String text = output.toString(StandardCharsets.UTF_8);
    if (process.exitValue() != 0 && !command[command.length - 1].equals("kill-server")) {
      throw new AssertionError(String.join(" ", command) + " failed: " + text);
    }
    return text;
  }
}
