package com.copilotz.tasks.cli;

import com.copilotz.tasks.cli.internal.Cli;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A fake Copilotz with a support workflow and three tickets, and the command run against it. */
final class CliHarness implements AutoCloseable {
  final FakeCopilotzServer copilotz = new FakeCopilotzServer().start();
  final String token = copilotz.issueToken();
  final Workflow workflow = copilotz.seedWorkflow("Support", "triage", "answer", "close");
  final long triage = workflow.getSteps().get(0);
  final long answer = workflow.getSteps().get(1);
  final Map<String, String> environment = new HashMap<>();
  String out = "";
  String err = "";

  CliHarness() {
    environment.put("COPILOTZ_BASE_URL", copilotz.baseUrl());
    environment.put("COPILOTZ_ACCESS_TOKEN", token);
    for (String name : List.of("Cannot log in", "Invoice is wrong", "Dark mode")) {
      copilotz
          .newClient()
          .createTask(
              new CreateTaskRequest()
                  .extId("ticket-" + name.length())
                  .name(name)
                  .description(name)
                  .workflow(workflow.getId()));
    }
    copilotz.forgetRequests();
  }

  /** Runs the command with no stdin. */
  int run(String... args) {
    return runWithInput("", args);
  }

  /** Runs the command with this stdin; keeps its stdout and stderr. */
  int runWithInput(String input, String... args) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int status =
        Cli.run(
            args,
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8),
            environment::get);
    out = stdout.toString(StandardCharsets.UTF_8);
    err = stderr.toString(StandardCharsets.UTF_8);
    return status;
  }

  /** The requests Copilotz received since the last forget, as "METHOD target". */
  List<String> requests() {
    return copilotz.requests().stream()
        .map(request -> request.method() + " " + request.target())
        .collect(Collectors.toList());
  }

  String body(int index) {
    return copilotz.requests().get(index).body();
  }

  @Override
  public void close() {
    copilotz.close();
  }
}
