package com.copilotz.tasks.internal.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the watch remembers and the events it derives, listing by listing: decisions alone. */
class WatchedTasksTest {
  final WatchedTasks tasks = new WatchedTasks();
  final List<String> events = new ArrayList<>();

  static Task task(long id, long step, TaskStatus status, int second, Map<String, Object> context) {
    return new Task()
        .id(id)
        .currentStep(step)
        .status(status)
        .updatedAt(OffsetDateTime.parse("2026-12-01T00:00:00Z").plusSeconds(second))
        .context(context);
  }

  void listing(Task... listed) {
    tasks.beginListing();
    for (Task task : listed) {
      tasks.take(task, true, event -> events.add(event.getClass().getSimpleName() + " " + event));
    }
    tasks.endListing(event -> events.add(event.getClass().getSimpleName() + " " + event));
  }

  List<String> taken() {
    List<String> taken = List.copyOf(events);
    events.clear();
    return taken;
  }

  @Test
  void changesAreToldOnceAndAnUnchangedTaskIsNotComparedFurther() {
    listing(task(1, 1, TaskStatus.ACTIVE, 0, Map.of("a", 1, "b", "x")));
    assertThat(taken()).hasSize(1).allMatch(e -> e.startsWith("Appeared"));

    // Same updatedAt, step and status: unchanged, even though the context differs (the server
    // sets updatedAt on every write, so this cannot happen on it).
    listing(task(1, 1, TaskStatus.ACTIVE, 0, Map.of("a", 2)));
    assertThat(taken()).isEmpty();

    listing(task(1, 1, TaskStatus.ACTIVE, 1, Map.of("a", 1.0, "b", "y", "c", List.of(1))));
    assertThat(taken())
        .containsExactly(
            "ContextChanged ContextChanged[task="
                + task(1, 1, TaskStatus.ACTIVE, 1, Map.of("a", 1.0, "b", "y", "c", List.of(1)))
                + ", keys=[b, c]]");

    listing(task(1, 2, TaskStatus.COMPLETED, 2, Map.of("a", 1.0, "b", "y", "c", List.of(1))));
    assertThat(taken())
        .extracting(e -> e.substring(0, e.indexOf(' ')))
        .containsExactly("Moved", "StatusChanged");
  }

  @Test
  void aKeyThatWentAwayAndANullContextAreChangesToo() {
    Map<String, Object> two = new LinkedHashMap<>();
    two.put("a", "x");
    two.put("b", null);
    listing(task(1, 1, TaskStatus.ACTIVE, 0, two));
    taken();

    listing(task(1, 1, TaskStatus.ACTIVE, 1, Map.of("a", "x")));
    assertThat(taken()).singleElement().asString().endsWith("keys=[b]]");

    listing(task(1, 1, TaskStatus.ACTIVE, 2, null));
    assertThat(taken()).singleElement().asString().endsWith("keys=[a]]");
  }

  @Test
  void tasksMissingFromACompleteListingAreGoneAfterItsOtherEvents() {
    listing(task(1, 1, TaskStatus.ACTIVE, 0, null), task(2, 1, TaskStatus.ACTIVE, 0, null));
    taken();

    listing(task(2, 1, TaskStatus.ACTIVE, 0, null), task(3, 1, TaskStatus.ACTIVE, 0, null));
    assertThat(taken())
        .containsExactly(
            "Appeared Appeared[task=" + task(3, 1, TaskStatus.ACTIVE, 0, null) + "]",
            "Gone Gone[taskId=1]");
    assertThat(tasks.size()).isEqualTo(2);

    // The remembered tasks are still found by id after the compaction.
    listing(task(2, 5, TaskStatus.ACTIVE, 1, null), task(3, 1, TaskStatus.ACTIVE, 0, null));
    assertThat(taken()).singleElement().asString().startsWith("Moved");
  }

  @Test
  void aListingThatFailsHalfWayReportsNothingGoneAndNothingTwice() {
    listing(task(1, 1, TaskStatus.ACTIVE, 0, null), task(2, 1, TaskStatus.ACTIVE, 0, null));
    taken();

    tasks.beginListing();
    tasks.take(
        task(1, 2, TaskStatus.ACTIVE, 1, null), true, e -> events.add("event " + e.taskId()));
    // The listing fails here: endListing is never called.
    assertThat(taken()).containsExactly("event 1");

    listing(task(1, 2, TaskStatus.ACTIVE, 1, null), task(2, 1, TaskStatus.ACTIVE, 0, null));
    assertThat(taken()).isEmpty();
    assertThat(tasks.size()).isEqualTo(2);
  }

  @Test
  void tenThousandTasksWithThreeContextKeysTakeUnderAHundredBytesEach() {
    Task[] listed = new Task[10_000];
    for (int i = 0; i < listed.length; i++) {
      listed[i] =
          task(
              i + 1,
              1 + i % 3,
              TaskStatus.ACTIVE,
              i,
              Map.of("state", Map.of("n", i), "steps", Map.of(), "priority", "high"));
    }
    listing(listed);

    assertThat(tasks.size()).isEqualTo(10_000);
    assertThat(tasks.retainedBytes() / 10_000).isLessThan(100);

    // Half of them gone: the arrays shrink with them.
    listing(java.util.Arrays.copyOf(listed, 5_000));
    assertThat(tasks.size()).isEqualTo(5_000);
    assertThat(tasks.retainedBytes() / 5_000).isLessThan(100);
    assertThat(taken()).filteredOn(e -> e.startsWith("Gone")).hasSize(15_000 - 10_000);
  }

  @Test
  void valuesAreHashedAsTheServerStoresThem() {
    assertThat(ValueHash.of(1)).isEqualTo(ValueHash.of(1.0)).isEqualTo(ValueHash.of(1L));
    assertThat(ValueHash.of("Aa")).isNotEqualTo(ValueHash.of("BB"));
    assertThat(ValueHash.of("1")).isNotEqualTo(ValueHash.of(1));
    assertThat(ValueHash.of(Map.of("a", 1))).isNotEqualTo(ValueHash.of(Map.of("a", 2)));
    assertThat(ValueHash.of(List.of(1, 2))).isNotEqualTo(ValueHash.of(List.of(2, 1)));
    assertThat(ValueHash.of(null)).isNotEqualTo(ValueHash.of("null"));
    assertThat(ValueHash.of(true)).isNotEqualTo(ValueHash.of("true"));
  }

  @Test
  void aTaskWithoutIdIsSkipped() {
    tasks.beginListing();
    tasks.take(new Task(), true, e -> events.add("event"));
    tasks.endListing(e -> events.add("event"));
    assertThat(events).isEmpty();
    assertThat(tasks.size()).isZero();
  }
}
