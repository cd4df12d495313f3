package com.copilotz.tasks.examples;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.CopilotzTimeoutException;
import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.errors.InvalidResponseException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.errors.WorkflowException;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import com.copilotz.tasks.testing.Fault;
import java.time.Duration;

/**
 * Each typed error of the SDK, provoked on purpose, and how to handle it. The errors that need a
 * misbehaving server (429, 500, a dropped connection, a stall, an HTML page) are injected into the
 * embedded fake server; against a real server (see {@link ExampleServer}) only the others are
 * shown.
 */
public final class ErrorHandling {
  private static final RequestOptions NO_RETRIES = RequestOptions.builder().maxRetries(0).build();

  private ErrorHandling() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (ExampleServer server = ExampleServer.connect()) {
      TasksClient client = server.client;

      try {
        client.createTask(
            new CreateTaskRequest().extId("E-1").status(TaskStatus.ACTIVE).description("no name"));
      } catch (NullPointerException | IllegalArgumentException badInput) {
        say(
            "Bad input is refused before anything is sent",
            badInput,
            "fix the call: the message names the field");
      }

      try {
        client.getTask(987_654_321L);
      } catch (NotFoundException notFound) {
        say(
            "A missing task",
            notFound,
            "the server answered " + notFound.statusCode() + " with an empty body");
      }

      Task stray =
          client.createTask(
              new CreateTaskRequest()
                  .extId("STRAY-" + System.nanoTime())
                  .status(TaskStatus.ACTIVE)
                  .name("No workflow")
                  .description("A task outside any workflow"));
      try {
        client.advance(stray.getId());
      } catch (WorkflowException notInAWorkflow) {
        say(
            "A workflow helper on a task without a workflow",
            notInAWorkflow,
            "nothing was written");
      } finally {
        client.deleteTask(stray.getId());
      }

      try (TasksClient wrongToken =
          TasksClient.builder()
              .baseUrl(
                  server.fake != null ? server.fake.baseUrl() : System.getenv("COPILOTZ_BASE_URL"))
              .accessToken("tk_not_a_real_token")
              .build()) {
        wrongToken.getTask(1);
      } catch (AuthenticationException rejected) {
        say(
            "A token the server rejects",
            rejected,
            "get a new token, or configure credentials to log in again");
      }

      if (server.fake != null) {
        injected(client, server.fake);
      } else {
        System.out.println(
            "(Rate limits, server errors and network failures are shown on the embedded server.)");
      }
    }
  }

  private static void injected(TasksClient client, FakeCopilotzServer fake) {
    Task task =
        client.createTask(
            new CreateTaskRequest()
                .extId("ERR-1")
                .status(TaskStatus.ACTIVE)
                .name("Demo")
                .description("A task to fail calls on"));
    String oneTask = "/rest/tasks/" + task.getId();

    fake.inject("GET", oneTask, 1, Fault.status(429).header("Retry-After", "30"));
    try {
      client.getTask(task.getId(), NO_RETRIES);
    } catch (RateLimitException limited) {
      say(
          "Rate limited",
          limited,
          "wait "
              + limited.retryAfter().map(Duration::toSeconds).orElse(1L)
              + " s (the client retries 429 by itself unless told not to)");
    }

    fake.inject(
        "PUT",
        oneTask,
        1,
        Fault.status(500)
            .body(
                "{\"error\":{\"message\":\"NOT NULL constraint failed: tasks.name\",\"status\":500}}",
                "application/json"));
    try {
      client.updateTask(task.getId(), new UpdateTaskRequest().name("x"), NO_RETRIES);
    } catch (InternalServerException serverError) {
      say(
          "A server error (the server's validation failures are 500s)",
          serverError,
          "errorMessage() = \"" + serverError.errorMessage() + "\"");
    }

    fake.inject("GET", oneTask, 1, Fault.dropConnection());
    try {
      client.getTask(task.getId(), NO_RETRIES);
    } catch (CopilotzTimeoutException timeout) {
      say("A timeout", timeout, "retry later");
    } catch (CopilotzIOException network) {
      say(
          "A dropped connection",
          network,
          "the call may not have reached the server; reads are safe to retry");
    }

    fake.inject("GET", oneTask, 1, Fault.delay(Duration.ofMinutes(10)));
    try {
      client.getTask(
          task.getId(),
          RequestOptions.builder().timeout(Duration.ofMillis(200)).maxRetries(0).build());
    } catch (CopilotzTimeoutException timeout) {
      say(
          "A call slower than its timeout",
          timeout,
          "raise the timeout for slow calls with RequestOptions");
    }

    fake.inject(
        "GET",
        oneTask,
        1,
        Fault.status(200).body("<html><body>Maintenance</body></html>", "text/html"));
    try {
      client.getTask(task.getId(), NO_RETRIES);
    } catch (InvalidResponseException garbled) {
      say(
          "A success whose body is not the expected JSON",
          garbled,
          "a proxy answered in the server's place");
    }

    fake.inject("GET", oneTask, 1, Fault.status(503));
    try {
      client.getTask(task.getId(), NO_RETRIES);
    } catch (CopilotzApiException anyHttpError) {
      say(
          "Any HTTP error, caught by the common base",
          anyHttpError,
          "status " + anyHttpError.statusCode());
    }

    fake.inject("GET", oneTask, 2, Fault.status(503));
    Task survived = client.getTask(task.getId());
    System.out.printf(
        "With the default retries, two 503s in a row are ridden out: got task %d.%n",
        survived.getId());
  }

  private static void say(String situation, Exception e, String handling) {
    System.out.printf(
        "%s: %s%n   %s%n   -> %s%n",
        situation, e.getClass().getSimpleName(), e.getMessage(), handling);
  }
}
