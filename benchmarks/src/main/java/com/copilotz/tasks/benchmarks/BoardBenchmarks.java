package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.cli.internal.board.BoardModel;
import com.copilotz.tasks.cli.internal.board.BoardRenderer;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code copilotz-tasks board} on a workflow of 10,000 tasks over 5 steps: one change (a task
 * moves) and the redraw of a 200x50 terminal's board, on one thread (its time is its CPU). At
 * setup, the heap the board's model keeps per task is measured after a full GC and printed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 2,
    jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms256m", "-Xmx256m"})
public class BoardBenchmarks {
  static final int TASKS = 10_000;
  static final int STEPS = 5;

  private BoardModel model;
  private final List<Task> moves = new ArrayList<>();
  private int next;

  @Setup(Level.Trial)
  public void start() {
    List<Step> steps = new ArrayList<>();
    for (long s = 1; s <= STEPS; s++) {
      steps.add(new Step().id(s).name("Step number " + s));
    }
    long before = usedAfterGc();
    model = new BoardModel(steps);
    for (long id = 1; id <= TASKS; id++) {
      model.put(task(id, 1 + id % STEPS));
    }
    long after = usedAfterGc();
    System.out.println("board heap per task: " + (after - before) / TASKS + " bytes");
    for (long id = 1; id <= 1000; id++) {
      moves.add(task(id * 7, 1 + (id * 3) % STEPS));
    }
  }

  @Benchmark
  public List<String> moveOneTaskAndRedraw() {
    model.put(moves.get(next++ % moves.size()));
    return BoardRenderer.render("Workflow (workflow 1)", model, 200, 50, "q quits");
  }

  private static Task task(long id, long step) {
    return new Task()
        .id(id)
        .currentStep(step)
        .workflow(1L)
        .status(TaskStatus.ACTIVE)
        .extId("ext-" + id)
        .name("Task number " + id);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
