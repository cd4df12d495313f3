package com.copilotz.tasks.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Instances that share a step without partitions, on a deterministic schedule: each lists the same
 * tasks at the same moment, then, round after round, takes the next task of its own order that is
 * still at the step (a task taken in an earlier round has moved on; one read shows it), and every
 * task taken in a round moves at the round's end. Two instances that take one task in the same
 * round both handle it. In the listing's order every task is handled by all of them; each
 * instance's shuffle makes that rare.
 */
class IntakeTest {
  static final long STEP = 11;
  static final int TASKS = 100;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

  static WorkerSettings settings() {
    return new WorkerSettings(
        STEP,
        0,
        Set.of(TaskStatus.ACTIVE),
        new WorkerSettings.Capacity(1, 32),
        new WorkerSettings.Share(0, 1),
        new WorkerSettings.Listing(Duration.ofSeconds(1), Duration.ofSeconds(10)),
        new WorkerSettings.Handling(3, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ZERO),
        null,
        Duration.ZERO,
        RequestOptions.NONE);
  }

  static Task task(long id) {
    return new Task().id(id).currentStep(STEP).status(TaskStatus.ACTIVE);
  }

  /** A new intake, in the listing's order when {@code shuffle} is null. */
  static Intake intake(@Nullable Random shuffle) {
    return new Intake(settings(), shuffle, CLOCK, null, cause -> {}, () -> {});
  }

  /** Lists every task still at the step into {@code intake}. */
  static void list(Intake intake, Set<Long> atStep) {
    intake.listingBegins();
    for (long id : atStep) {
      intake.take(task(id));
    }
    intake.listingEnded();
  }

  /**
   * Runs {@code instances} on {@link #TASKS} tasks by the schedule above.
   *
   * @return how many tasks were handled more than once
   */
  static int handledTwice(List<Intake> instances) throws InterruptedException {
    Set<Long> atStep = new java.util.TreeSet<>();
    for (long id = 1; id <= TASKS; id++) {
      atStep.add(id);
    }
    Map<Long, Integer> handled = new HashMap<>();
    for (Intake intake : instances) {
      list(intake, atStep);
    }
    while (!atStep.isEmpty()) {
      Set<Long> taken = new HashSet<>();
      for (Intake intake : instances) {
        long id = 0;
        while (id == 0) {
          if (intake.waiting() == 0) {
            list(intake, atStep); // its ring ran dry: it lists again
          }
          long next = intake.next();
          intake.release(next);
          if (atStep.contains(next)) {
            id = next;
          }
        }
        taken.add(id);
        handled.merge(id, 1, Integer::sum);
      }
      atStep.removeAll(taken);
    }
    return (int) handled.values().stream().filter(times -> times > 1).count();
  }

  @Test
  void inTheListingsOrderTwoInstancesHandleEveryTaskTwice() throws InterruptedException {
    assertThat(handledTwice(List.of(intake(null), intake(null)))).isEqualTo(TASKS);
  }

  @Test
  void eachInstancesOwnOrderMakesATaskHandledTwiceRare() throws InterruptedException {
    List<Integer> twoInstances = new ArrayList<>();
    List<Integer> threeInstances = new ArrayList<>();
    for (int run = 0; run < 100; run++) {
      twoInstances.add(
          handledTwice(List.of(intake(new Random(2 * run)), intake(new Random(2 * run + 1)))));
      threeInstances.add(
          handledTwice(
              List.of(
                  intake(new Random(3 * run)),
                  intake(new Random(3 * run + 1)),
                  intake(new Random(3 * run + 2)))));
    }
    double two = twoInstances.stream().mapToInt(Integer::intValue).average().orElseThrow();
    double three = threeInstances.stream().mapToInt(Integer::intValue).average().orElseThrow();
    System.out.printf(
        "handled twice of %d tasks, over 100 schedules: 2 instances %.1f on average (at most %d),"
            + " 3 instances %.1f (at most %d)%n",
        TASKS,
        two,
        twoInstances.stream().mapToInt(Integer::intValue).max().orElseThrow(),
        three,
        threeInstances.stream().mapToInt(Integer::intValue).max().orElseThrow());
    assertThat(two).isLessThan(10);
    assertThat(three).isLessThan(20);
  }
}
