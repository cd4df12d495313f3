package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.StepAction;
import com.copilotz.tasks.StepWorker;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How often step workers that share a step without partitions handle one task more than once,
 * measured against the fake server: {@value #TASKS} tasks waiting at the step, 2 or 3 instances
 * (each with a client of its own, {@code concurrency(4)}, started together), a handler that counts
 * its runs per task and advances the task; each case {@value #RUNS} times, without claims and with
 * them. Not a JMH benchmark: a count, printed one line per case.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar com.copilotz.tasks.benchmarks.DuplicateRates}
 */
public final class DuplicateRates {
  static final int TASKS = 300;
  static final int RUNS = 5;
  static final Duration LATENCY = Duration.ofMillis(5);

  private DuplicateRates() {}

  /**
   * Runs every case and prints its rates.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    for (boolean claims : new boolean[] {false, true}) {
      for (int instances = 2; instances <= 3; instances++) {
        List<Integer> twice = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
          twice.add(handledMoreThanOnce(instances, claims));
        }
        System.out.printf(
            Locale.ROOT,
            "%d instances, %s: tasks handled more than once, of %d, in %d runs: %s (%.1f%% on"
                + " average)%n",
            instances,
            claims ? "claims" : "no claims",
            TASKS,
            RUNS,
            twice,
            100.0 * twice.stream().mapToInt(Integer::intValue).sum() / (RUNS * TASKS));
      }
    }
  }

  /** One run: how many of the tasks were handled more than once. */
  static int handledMoreThanOnce(int instances, boolean claims) throws InterruptedException {
    try (FakeCopilotzServer server = new FakeCopilotzServer().start()) {
      Workflow workflow = server.seedWorkflow("Onboarding", "Gather", "Send Email", "Complete");
      List<TasksClient> clients = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        clients.add(server.newClient());
      }
      List<Step> steps = clients.get(0).workflowSteps(workflow.getId());
      long stepId = steps.get(1).getId();
      for (long id = 1; id <= TASKS; id++) {
        server.putTask(
            new Task()
                .id(id)
                .extId("dup-" + id)
                .workflow(workflow.getId())
                .currentStep(stepId)
                .status(TaskStatus.ACTIVE)
                .name("Onboard " + id)
                .description("duplicate rate"));
      }
      server.latency(LATENCY);
      Map<Long, Integer> runs = new ConcurrentHashMap<>();
      CountDownLatch allHandled = new CountDownLatch(TASKS);
      List<StepWorker> workers = new ArrayList<>();
      for (TasksClient client : clients) {
        StepWorker.Builder builder =
            client.stepWorker(stepId).concurrency(4).pollInterval(Duration.ofMillis(20));
        if (claims) {
          builder.claims(Duration.ofMinutes(5));
        }
        workers.add(
            builder.build(
                task -> {
                  if (runs.merge(task.getId(), 1, Integer::sum) == 1) {
                    allHandled.countDown();
                  }
                  return StepAction.advance();
                }));
      }
      workers.forEach(StepWorker::start);
      if (!allHandled.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("not every task was handled");
      }
      workers.forEach(StepWorker::close);
      clients.forEach(TasksClient::close);
      return (int) runs.values().stream().filter(times -> times > 1).count();
    }
  }
}
