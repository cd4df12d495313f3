package com.copilotz.tasks.consumer;

import com.copilotz.tasks.AsyncTasksClient;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs on the module path: checks that the SDK's modules are named (not automatic) and export only
 * their API packages, then uses every part of the client that reflects (Retrofit's proxies, Jackson
 * on the public and the wire models, the login, errors) against a FakeCopilotzServer. Any failure
 * ends the JVM with a non-zero status, which fails the build.
 */
public final class ModulePathConsumer {
  private ModulePathConsumer() {}

  public static void main(String[] args) throws Exception {
    check(ModulePathConsumer.class.getModule().isNamed(), "this consumer runs in a named module");
    expectExports(
        TasksClient.class.getModule(),
        Set.of("com.copilotz.tasks", "com.copilotz.tasks.errors", "com.copilotz.tasks.model"));
    expectExports(
        FakeCopilotzServer.class.getModule(),
        Set.of("com.copilotz.tasks.testing", "com.copilotz.tasks.testing.spring"));

    try (FakeCopilotzServer server = new FakeCopilotzServer().start()) {
      Workflow onboarding = server.seedWorkflow("Onboarding", "Gather", "Confirm", "Complete");
      server.addUser("modular", "pw", "acme");
      try (TasksClient client =
          TasksClient.builder()
              .baseUrl(server.baseUrl())
              .credentials("modular", "pw", "acme")
              .build()) {
        Task task =
            client.createTask(
                new CreateTaskRequest()
                    .extId("MOD-1")
                    .workflow(onboarding.getId())
                    .currentStep(onboarding.getFirstStep())
                    .status(TaskStatus.ACTIVE)
                    .name("Modular")
                    .description("Runs on the module path")
                    .context(Map.of("module", true)));
        client.updateTask(task.getId(), new UpdateTaskRequest().context(Map.of("checked", "yes")));
        Task advanced = client.advance(task.getId());
        List<Step> steps = client.workflowSteps(onboarding.getId());
        long listed = client.listTasks(TaskQuery.builder().extId("MOD-1").build()).count();
        AsyncTasksClient async = client.async();
        Task again = async.getTask(task.getId()).join();
        check(again.getContext().get("checked").equals("yes"), "the context was merged");
        check(
            advanced.getCurrentStep().equals(steps.get(1).getId()),
            "advance moved to the second step");
        check(listed == 1, "one task is listed");
        client.deleteTask(task.getId());
        try {
          client.getTask(task.getId());
          throw new AssertionError("a deleted task was found");
        } catch (NotFoundException expected) {
          // The server's 200 with an empty body.
        }
      }
      try (TasksClient rejected =
          TasksClient.builder().baseUrl(server.baseUrl()).accessToken("tk_unknown").build()) {
        rejected.getTask(1);
        throw new AssertionError("an unknown token was accepted");
      } catch (AuthenticationException expected) {
        check(
            expected.errorMessage().equals("Unauthorized"),
            "the error envelope was read: " + expected.errorMessage());
      }
    }
    System.out.println(
        "module-path consumer: OK ("
            + TasksClient.class.getModule().getDescriptor().toNameAndVersion()
            + ")");
  }

  private static void expectExports(Module module, Set<String> expected) {
    ModuleDescriptor descriptor = module.getDescriptor();
    check(module.isNamed() && !descriptor.isAutomatic(), module + " has a module descriptor");
    Set<String> exported =
        descriptor.exports().stream()
            .filter(export -> !export.isQualified())
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toCollection(TreeSet::new));
    check(
        exported.equals(new TreeSet<>(expected)),
        module.getName() + " exports exactly " + expected + ", not " + exported);
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
