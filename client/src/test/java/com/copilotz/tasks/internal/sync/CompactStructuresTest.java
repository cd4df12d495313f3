package com.copilotz.tasks.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.WorkflowField;
import com.copilotz.tasks.internal.json.ObjectMappers;
import com.copilotz.tasks.internal.ops.ExtIdMatching;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The compact structures that keep bulk sync memory flat. */
class CompactStructuresTest {
  static final Set<WorkflowField> ALL = EnumSet.allOf(WorkflowField.class);

  final ObjectMapper mapper = ObjectMappers.mapper(null);

  @Test
  void anExtIdIndexFindsEachExtIdByItsBytes() {
    ExtIdIndex index = new ExtIdIndex();
    for (int i = 0; i < 50_000; i++) {
      assertThat(index.add("CRM-" + i)).isEqualTo(i);
    }
    assertThat(index.add("CRM-123")).isEqualTo(-1 - 123);
    assertThat(index.add("ünïcødé-✓")).isEqualTo(50_000);
    assertThat(index.find("ünïcødé-✓")).isEqualTo(50_000);
    assertThat(index.find("CRM-49999")).isEqualTo(49_999);
    assertThat(index.find("CRM-50000")).isEqualTo(-1);
    assertThat(index.find("")).isEqualTo(-1);
    assertThat(index.size()).isEqualTo(50_001);
  }

  static Task stored(long id, String extId, String updatedAt, String name) {
    return new Task()
        .id(id)
        .extId(extId)
        .status(TaskStatus.ACTIVE)
        .name(name)
        .description("d")
        .workflow(2L)
        .currentStep(5L)
        .updatedAt(OffsetDateTime.parse(updatedAt))
        .context(Map.of("k", 1));
  }

  @Test
  void prefetchedTasksKeepTheNewestOfAnExtIdAndCompareByFingerprint() {
    PrefetchedTasks tasks = new PrefetchedTasks();
    for (Task task :
        new Task[] {
          stored(1, "A", "2026-01-01T00:00:00Z", "old"),
          stored(3, "A", "2026-03-01T00:00:00Z", "newest"),
          stored(2, "A", "2026-02-01T00:00:00Z", "middle"),
          stored(4, "B", "2026-01-01T00:00:00Z", "b")
        }) {
      tasks.add(task, ExtIdMatching.fingerprint(task, mapper));
    }
    int a = tasks.find("A");
    CreateTaskRequest newest =
        new CreateTaskRequest()
            .extId("A")
            .status(TaskStatus.ACTIVE)
            .name("newest")
            .description("d")
            .context(Map.of("k", 1.0));

    assertThat(tasks.size()).isEqualTo(2);
    assertThat(tasks.id(a)).isEqualTo(3L);
    assertThat(tasks.matches(a, 2, 5, ExtIdMatching.fingerprint(newest, mapper), ALL)).isTrue();
    assertThat(tasks.matches(a, 0, 0, ExtIdMatching.fingerprint(newest.context(null), mapper), ALL))
        .isTrue();
    assertThat(tasks.matches(a, 3, 5, ExtIdMatching.fingerprint(newest, mapper), ALL)).isFalse();
    assertThat(tasks.matches(a, 2, 5, ExtIdMatching.fingerprint(newest.name("old"), mapper), ALL))
        .isFalse();
    assertThat(
            tasks.matches(
                a,
                2,
                5,
                ExtIdMatching.fingerprint(newest.name("newest").context(Map.of("k", "1")), mapper),
                ALL))
        .as("a number and a string are different values")
        .isFalse();
    assertThat(tasks.find("C")).isEqualTo(-1);
    // Left to the agent, a step or status of its own differs and is not compared.
    CreateTaskRequest elsewhere = newest.name("newest").context(Map.of("k", 1.0));
    ExtIdMatching.Fingerprint completed =
        ExtIdMatching.fingerprint(
            new CreateTaskRequest()
                .extId("A")
                .status(TaskStatus.COMPLETED)
                .name("newest")
                .description("d")
                .context(Map.of("k", 1.0)),
            mapper);
    Set<WorkflowField> none = EnumSet.noneOf(WorkflowField.class);
    assertThat(tasks.matches(a, 3, 9, completed, none)).isTrue();
    assertThat(tasks.differsInFieldsLeftToTheAgent(a, 3, 9, completed, none)).isTrue();
    assertThat(
            tasks.differsInFieldsLeftToTheAgent(
                a, 2, 5, ExtIdMatching.fingerprint(elsewhere, mapper), none))
        .isFalse();
    assertThat(tasks.matches(a, 2, 5, completed, EnumSet.of(WorkflowField.STATUS))).isFalse();
  }
}
