package com.copilotz.tasks.examples;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzServer;

/**
 * Where the examples run: an embedded {@link FakeCopilotzServer} by default (no network, no token),
 * or a real server when {@code COPILOTZ_BASE_URL} and a token ({@code COPILOTZ_ACCESS_TOKEN}) or
 * credentials ({@code COPILOTZ_USERNAME}, {@code COPILOTZ_PASSWORD}, {@code COPILOTZ_NAMESPACE})
 * are set. On a real server the workflow examples use the workflow in {@code COPILOTZ_WORKFLOW_ID}.
 */
final class ExampleServer implements AutoCloseable {
  final TasksClient client;
  final FakeCopilotzServer fake;
  final long workflowId;

  private ExampleServer(TasksClient client, FakeCopilotzServer fake, long workflowId) {
    this.client = client;
    this.fake = fake;
    this.workflowId = workflowId;
  }

  static boolean realServerConfigured() {
    boolean hasAuth =
        present("COPILOTZ_ACCESS_TOKEN")
            || (present("COPILOTZ_USERNAME")
                && present("COPILOTZ_PASSWORD")
                && present("COPILOTZ_NAMESPACE"));
    return present("COPILOTZ_BASE_URL") && hasAuth;
  }

  /** Connects as the environment says, and says so on the terminal. */
  static ExampleServer connect() {
    if (realServerConfigured()) {
      TasksClient client = TasksClient.fromEnv();
      String workflow = System.getenv("COPILOTZ_WORKFLOW_ID");
      System.out.println(
          "Using the Copilotz server at " + System.getenv("COPILOTZ_BASE_URL") + ".");
      return new ExampleServer(
          client, null, workflow == null ? 0 : Long.parseLong(workflow.trim()));
    }
    FakeCopilotzServer fake = new FakeCopilotzServer().start();
    Workflow onboarding =
        fake.seedWorkflow(
            "Customer Onboarding",
            "Gather user information",
            "Send confirmation email",
            "Complete onboarding");
    System.out.println(
        "Using an embedded fake Copilotz server at "
            + fake.baseUrl()
            + " (no network, no token needed).");
    return new ExampleServer(fake.newClient(), fake, onboarding.getId());
  }

  /**
   * The workflow the examples move tasks through; fails clearly when a real server has none set.
   */
  long workflowId() {
    if (workflowId <= 0) {
      throw new IllegalStateException(
          "Set COPILOTZ_WORKFLOW_ID to the id of a workflow on your server to run this example against it");
    }
    return workflowId;
  }

  private static boolean present(String name) {
    String value = System.getenv(name);
    return value != null && !value.isBlank();
  }

  @Override
  public void close() {
    client.close();
    if (fake != null) {
      fake.close();
    }
  }
}
