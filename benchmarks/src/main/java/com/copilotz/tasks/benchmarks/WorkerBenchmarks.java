package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.StepAction;
import com.copilotz.tasks.StepResult;
import com.copilotz.tasks.StepWorker;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.WorkerStats;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A step worker with {@code concurrency(16)} and a handler that does nothing but advance the task,
 * against the fake server answering each request after {@value #LATENCY_MILLIS} ms: the time it
 * takes to handle {@code tasks} tasks waiting at its step (each costs its share of a listing, one
 * read and one write). The one worker runs through every iteration; each begins by putting the
 * tasks back at the step (the same ids, so the fake holds as many rows throughout), and after each
 * the used heap after a full GC is recorded, to show whether it grows with the tasks handled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx512m"})
public class WorkerBenchmarks {
  static final long LATENCY_MILLIS = 50;
  static final int CONCURRENCY = 16;

  /** The tasks waiting at the step at the start of each iteration. */
  @Param("2000")
  public int tasks;

  private FakeCopilotzServer server;
  private TasksClient client;
  private StepWorker worker;
  private long workflowId;
  private long stepId;
  private long firstStepId;
  private long lastStepId;
  private ExecutorService floorThreads;
  private final List<Long> heapAfterIterations = new ArrayList<>();

  @Setup(Level.Trial)
  public void start() {
    server = new FakeCopilotzServer().start();
    Workflow workflow = server.seedWorkflow("Onboarding", "Gather", "Send Email", "Complete");
    workflowId = workflow.getId();
    client = server.newClient();
    List<Step> steps = client.workflowSteps(workflowId);
    stepId = steps.get(1).getId();
    firstStepId = steps.get(0).getId();
    lastStepId = steps.get(2).getId();
    floorThreads = Executors.newFixedThreadPool(CONCURRENCY);
    server.latency(Duration.ofMillis(LATENCY_MILLIS));
    worker =
        client
            .stepWorker(stepId)
            .concurrency(CONCURRENCY)
            .pollInterval(Duration.ofMillis(LATENCY_MILLIS))
            .maxPollInterval(Duration.ofMillis(2 * LATENCY_MILLIS))
            .start(task -> StepAction.advance());
  }

  /** Puts every task back at the worker's step, active. */
  private void putTasksBack() {
    for (long id = 1; id <= tasks; id++) {
      server.putTask(
          new Task()
              .id(id)
              .extId("bench-" + id)
              .workflow(workflowId)
              .currentStep(stepId)
              .status(TaskStatus.ACTIVE)
              .name("Onboard " + id)
              .description("benchmark"));
    }
  }

  /**
   * Puts the floor's tasks back at the first step (ids after the worker's, at a step the worker
   * does not own).
   */
  private void putFloorTasksBack() {
    for (long id = tasks + 1; id <= 2L * tasks; id++) {
      server.putTask(
          new Task()
              .id(id)
              .extId("floor-" + id)
              .workflow(workflowId)
              .currentStep(firstStepId)
              .status(TaskStatus.ACTIVE)
              .name("Onboard " + id)
              .description("benchmark"));
    }
  }

  @TearDown(Level.Iteration)
  public void measureHeap() {
    // The fake records every request it answers: forget them, so that the heap is the worker's
    // (and the fake's rows, as many throughout).
    server.forgetRequests();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    heapAfterIterations.add(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    WorkerStats stats = worker.stats();
    floorThreads.shutdown();
    worker.close();
    client.close();
    server.close();
    StringBuilder heap = new StringBuilder();
    for (int i = 0; i < heapAfterIterations.size(); i++) {
      heap.append(i == 0 ? "" : ", ")
          .append((i + 1) * (long) tasks)
          .append(": ")
          .append(heapAfterIterations.get(i) / 1024)
          .append(" KiB");
    }
    String line =
        String.format(
            Locale.ROOT,
            "worker heap: used heap after GC by tasks handled (%s); %d handled in all, %d"
                + " listings",
            heap,
            stats.handled(StepResult.ADVANCED),
            stats.listings());
    if (stats.handled(StepResult.ADVANCED) > 0) {
      // The floor's trial handles nothing with the worker: its heap says nothing of the worker's.
      System.out.println(line);
      HeapPeak.record(line);
    }
  }

  /**
   * Puts the tasks back at the step (straight into the fake, a few milliseconds), then waits until
   * the worker has handled every one.
   */
  @Benchmark
  public long handleWaitingTasks() throws InterruptedException {
    long target = worker.stats().handled(StepResult.ADVANCED) + tasks;
    putTasksBack();
    long handled;
    while ((handled = worker.stats().handled(StepResult.ADVANCED)) < target) {
      if (!worker.stats().running()) {
        throw new IllegalStateException("the worker stopped: " + worker.stats());
      }
      Thread.sleep(1);
    }
    return handled;
  }

  /**
   * The floor: the same two requests per task as the worker's (a read, then the move), made by
   * {@value #CONCURRENCY} threads of the benchmark's own through the same client, with nothing
   * else: no listing, no worker. The rate latency and concurrency allow, as this machine and the
   * fake serve them.
   */
  @Benchmark
  public long twoRequestsPerTaskFloor() throws Exception {
    putFloorTasksBack();
    AtomicLong next = new AtomicLong(tasks + 1);
    List<Future<?>> threads = new ArrayList<>();
    for (int i = 0; i < CONCURRENCY; i++) {
      threads.add(
          floorThreads.submit(
              () -> {
                long id;
                while ((id = next.getAndIncrement()) <= 2L * tasks) {
                  if (client.getTask(id).getCurrentStep() == firstStepId) {
                    client.updateTask(
                        id,
                        new UpdateTaskRequest().currentStep(lastStepId).status(TaskStatus.ACTIVE));
                  }
                }
                return null;
              }));
    }
    for (Future<?> thread : threads) {
      thread.get();
    }
    return next.get();
  }
}
