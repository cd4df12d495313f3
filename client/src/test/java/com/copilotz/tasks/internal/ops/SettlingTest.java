package com.copilotz.tasks.internal.ops;

import static com.copilotz.tasks.internal.ops.ExtIdMatchingTest.desired;
import static com.copilotz.tasks.internal.ops.ExtIdMatchingTest.stored;
import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.internal.json.ObjectMappers;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a write whose answer was lost is settled from a read: the decisions alone. */
class SettlingTest {
  final ObjectMapper mapper = ObjectMappers.mapper(null);

  @Test
  void whatAnAmbiguousCreateMadeHoldsEveryFieldItSent() {
    Task made = stored(7, "2026-01-01T00:00:00Z").context(Map.of("k", "v"));
    Task other = stored(8, "2026-01-02T00:00:00Z").name("someone else's");

    assertThat(
            Settling.createdBy(List.of(made, other), desired().context(Map.of("k", "v")), mapper))
        .get()
        .extracting(Task::getId)
        .isEqualTo(7L);
    assertThat(Settling.createdBy(List.of(other), desired(), mapper)).isEmpty();
  }

  @Test
  void anUpdateIsAppliedWhenEveryFieldItSetsIsStoredAsWritingItWouldStoreIt() {
    Map<String, Object> stored = new LinkedHashMap<>();
    stored.put("flag", "null"); // what a PUT stores for false
    stored.put("count", 3.0);
    stored.put("agent", "kept");
    Task task = stored(7, "2026-01-01T00:00:00Z").currentStep(3L).context(stored);

    assertThat(
            Settling.applied(
                task,
                new UpdateTaskRequest()
                    .currentStep(3L)
                    .status(TaskStatus.ACTIVE)
                    .context(Map.of("flag", false, "count", 3)),
                mapper))
        .isTrue();
    assertThat(Settling.applied(task, new UpdateTaskRequest().currentStep(4L), mapper)).isFalse();
    assertThat(Settling.applied(task, new UpdateTaskRequest().status(TaskStatus.COMPLETED), mapper))
        .isFalse();
    assertThat(
            Settling.applied(task, new UpdateTaskRequest().context(Map.of("missing", "x")), mapper))
        .isFalse();
    assertThat(Settling.applied(task, new UpdateTaskRequest().name("other"), mapper)).isFalse();
  }

  @Test
  void aTaskIsWhereTheCallerLeftItWhenUnwrittenSinceOrAtTheSameStepAndStatus() {
    Task before = stored(7, "2026-01-01T00:00:00Z").currentStep(2L);

    assertThat(Settling.whereLeft(before, stored(7, "2026-01-01T00:00:00Z").currentStep(2L)))
        .isTrue();
    assertThat(Settling.whereLeft(before, stored(7, "2026-01-01T00:00:05Z").currentStep(2L)))
        .as("written since, but at the same step and status")
        .isTrue();
    assertThat(Settling.whereLeft(before, stored(7, "2026-01-01T00:00:05Z").currentStep(3L)))
        .isFalse();
    assertThat(
            Settling.whereLeft(
                before,
                stored(7, "2026-01-01T00:00:05Z").currentStep(2L).status(TaskStatus.COMPLETED)))
        .isFalse();
  }

  @Test
  void aTaskUntouchedSinceTheWriteWasSentIsProvedByItsUpdatedAtAndTheServersClock() {
    ZonedDateTime date = Settling.httpDate("Tue, 01 Dec 2026 10:00:10 GMT");
    // The write went out 4 s before the read's answer: the server got it at 10:00:06 or later.
    assertThat(Settling.untouchedSinceSent(stored(7, "2026-12-01T10:00:05.999Z"), date, 4_000))
        .isTrue();
    assertThat(Settling.untouchedSinceSent(stored(7, "2026-12-01T10:00:06Z"), date, 4_000))
        .isFalse();
    assertThat(Settling.untouchedSinceSent(stored(7, "2026-12-01T10:00:05Z"), null, 4_000))
        .as("without the server's clock, nothing is proved")
        .isFalse();
    assertThat(Settling.httpDate("yesterday")).isNull();
  }
}
