package com.copilotz.tasks;

import com.copilotz.tasks.model.UpdateTaskRequest;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * A program that logs as a user's would, with the JVM's logging as it was started: one read at
 * INFO, and an update whose context the server coerces (a WARNING on {@code
 * com.copilotz.tasks.data}). {@code LoggingTest} reads what it prints.
 */
public final class LoggingMain {
  private LoggingMain() {}

  public static void main(String[] args) throws Exception {
    try (MockWebServer server = Wire.server()) {
      server.start();
      server.enqueue(Wire.json(Wire.TASK_JSON));
      server.enqueue(Wire.json(Wire.TASK_JSON));
      try (TasksClient client =
          TasksClient.builder()
              .baseUrl(server.url("/").toString())
              .accessToken("tk_logging_secret")
              .logLevel(LogLevel.INFO)
              .build()) {
        client.getTask(7);
        client.updateTask(7, new UpdateTaskRequest().context(Map.of("flag", false)));
      }
    }
    System.out.println("main returned");
  }
}
