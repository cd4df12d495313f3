package com.copilotz.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.cli.internal.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code watch}: one line per change as it happens. The test reads the command's output line by
 * line as it comes (blocking reads, no sleep), and moves a task once the existing ones are printed.
 */
class WatchCommandTest {
  final CliHarness cli = new CliHarness();

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void printsTheExistingTasksThenEachChangeAsItHappens() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> watch =
        start(
            lines, "watch", "--workflow", "1", "--existing", "--count", "4", "--interval", "50ms");

    for (int i = 1; i <= 3; i++) {
      assertThat(lines.poll(60, TimeUnit.SECONDS))
          .matches("#" + i + " +appeared +at step " + cli.triage + " +active +ticket-.*");
    }
    cli.copilotz.newClient().advance(2);

    assertThat(lines.poll(60, TimeUnit.SECONDS))
        .matches(
            "#2 +moved +step "
                + cli.triage
                + " → "
                + cli.answer
                + " +active +ticket-16  Invoice is wrong");
    assertThat(watch.get(60, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void jsonLinesSayTheEventAndCarryTheTask() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> watch =
        start(
            lines,
            "watch",
            "--step",
            String.valueOf(cli.triage),
            "--existing",
            "--count",
            "4",
            "--interval",
            "50ms",
            "-o",
            "jsonl");
    for (int i = 0; i < 3; i++) {
      assertThat(lines.poll(60, TimeUnit.SECONDS))
          .startsWith("{\"taskId\":" + (i + 1) + ",\"event\":\"appeared\",\"task\":{\"_id\":");
    }
    cli.copilotz.newClient().complete(3);

    assertThat(lines.poll(60, TimeUnit.SECONDS))
        .startsWith(
            "{\"taskId\":3,\"event\":\"statusChanged\",\"from\":\"active\",\"to\":\"completed\",\"task\":{\"_id\":3,");
    assertThat(watch.get(60, TimeUnit.SECONDS)).isZero();
  }

  private CompletableFuture<Integer> start(BlockingQueue<String> lines, String... args) {
    OutputStream lineByLine =
        new OutputStream() {
          private final ByteArrayOutputStream line = new ByteArrayOutputStream();

          @Override
          public synchronized void write(int b) {
            if (b == '\n') {
              lines.add(line.toString(StandardCharsets.UTF_8));
              line.reset();
            } else {
              line.write(b);
            }
          }
        };
    return CompletableFuture.supplyAsync(
        () ->
            Cli.run(
                args,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(lineByLine, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                cli.environment::get));
  }
}
