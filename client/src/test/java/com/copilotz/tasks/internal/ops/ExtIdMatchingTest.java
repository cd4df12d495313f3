package com.copilotz.tasks.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.WorkflowField;
import com.copilotz.tasks.internal.json.ObjectMappers;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a task is matched to a record by its extId, and what an upsert sends: decisions alone. */
class ExtIdMatchingTest {
  final ObjectMapper mapper = ObjectMappers.mapper(null);
  static final Set<WorkflowField> ALL = EnumSet.allOf(WorkflowField.class);

  static Task stored(long id, String updatedAt) {
    return new Task()
        .id(id)
        .extId("E")
        .status(TaskStatus.ACTIVE)
        .name("n")
        .description("d")
        .updatedAt(updatedAt == null ? null : OffsetDateTime.parse(updatedAt));
  }

  static CreateTaskRequest desired() {
    return new CreateTaskRequest().extId("E").status(TaskStatus.ACTIVE).name("n").description("d");
  }

  @Test
  void theNewestOfSeveralIsTheOneWithTheNewestUpdatedAtThenTheHighestId() {
    assertThat(
            ExtIdMatching.newest(
                List.of(stored(1, "2026-01-02T00:00:00Z"), stored(2, "2026-01-01T00:00:00Z"))))
        .get()
        .extracting(Task::getId)
        .isEqualTo(1L);
    assertThat(
            ExtIdMatching.newest(
                List.of(stored(1, "2026-01-01T00:00:00Z"), stored(3, "2026-01-01T00:00:00Z"))))
        .get()
        .extracting(Task::getId)
        .isEqualTo(3L);
    assertThat(ExtIdMatching.newest(List.of(stored(5, null), stored(4, "2026-01-01T00:00:00Z"))))
        .get()
        .extracting(Task::getId)
        .isEqualTo(4L);
    assertThat(ExtIdMatching.newest(List.of())).isEmpty();
  }

  @Test
  void theDifferenceSendsOnlyWhatDiffersAndNothingWhenNothingDoes() {
    Task current = stored(1, null).workflow(2L).context(Map.of("a", 1, "kept", "x"));

    assertThat(
            ExtIdMatching.difference(
                current, desired().workflow(2L).context(Map.of("a", 1.0)), ALL, mapper))
        .isNull();
    UpdateTaskRequest update =
        ExtIdMatching.difference(
            current, desired().name("m").context(Map.of("a", 2, "b", true)), ALL, mapper);
    assertThat(update.getName()).isEqualTo("m");
    assertThat(update.getWorkflow()).isNull();
    assertThat(update.getContext()).containsOnly(Map.entry("a", 2), Map.entry("b", true));
  }

  @Test
  void theWorkflowsFieldsAreComparedOnlyWhenOwned() {
    Task movedByTheAgent =
        stored(1, null).workflow(2L).currentStep(3L).status(TaskStatus.COMPLETED);
    CreateTaskRequest row = desired().workflow(2L).currentStep(1L).status(TaskStatus.ACTIVE);

    assertThat(
            ExtIdMatching.difference(
                movedByTheAgent, row, EnumSet.noneOf(WorkflowField.class), mapper))
        .isNull();
    assertThat(
            ExtIdMatching.differsInFieldsLeftToTheAgent(
                movedByTheAgent, row, EnumSet.noneOf(WorkflowField.class)))
        .isTrue();
    UpdateTaskRequest owningTheStatus =
        ExtIdMatching.difference(movedByTheAgent, row, EnumSet.of(WorkflowField.STATUS), mapper);
    assertThat(owningTheStatus.getStatus()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(owningTheStatus.getCurrentStep()).isNull();
    assertThat(ExtIdMatching.differsInFieldsLeftToTheAgent(movedByTheAgent, row, ALL)).isFalse();
  }

  @Test
  void fingerprintsMatchWhatAnUpdateWouldStoreButNotAValueAsACreateStoredIt() {
    Map<String, Object> wanted = new LinkedHashMap<>();
    wanted.put("flag", false);
    wanted.put("n", 3);
    Task coerced = stored(1, null).context(Map.of("flag", "null", "n", 3.0));
    Task asCreated = stored(1, null).context(Map.of("flag", false, "n", 3));
    Task otherwise = stored(1, null).context(Map.of("flag", "true", "n", 3));
    ExtIdMatching.Fingerprint desired =
        ExtIdMatching.fingerprint(desired().context(wanted), mapper);

    for (Task same : new Task[] {coerced, asCreated}) {
      ExtIdMatching.Fingerprint stored = ExtIdMatching.fingerprint(same, mapper);
      assertThat(
              ExtIdMatching.Fingerprint.holds(
                  stored.core(), stored.context(), stored.storedAsCreated(), desired))
          .as(same.getContext().toString())
          .isTrue();
    }
    ExtIdMatching.Fingerprint different = ExtIdMatching.fingerprint(otherwise, mapper);
    assertThat(
            ExtIdMatching.Fingerprint.holds(
                different.core(), different.context(), different.storedAsCreated(), desired))
        .isFalse();
    ExtIdMatching.Fingerprint renamed =
        ExtIdMatching.fingerprint(desired().name("m").context(wanted), mapper);
    ExtIdMatching.Fingerprint stored = ExtIdMatching.fingerprint(coerced, mapper);
    assertThat(
            ExtIdMatching.Fingerprint.holds(
                stored.core(), stored.context(), stored.storedAsCreated(), renamed))
        .isFalse();
  }
}
