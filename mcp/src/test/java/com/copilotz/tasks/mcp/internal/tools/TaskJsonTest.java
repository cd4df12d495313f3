package com.copilotz.tasks.mcp.internal.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The dates of the tools' tasks: ISO-8601 with seconds, as the server writes them. */
class TaskJsonTest {
  @Test
  void datesAreIsoWithSecondsAndTheShortestFraction() {
    assertThat(
            TaskJson.date(OffsetDateTime.of(2026, 12, 4, 0, 33, 36, 907_000_000, ZoneOffset.UTC)))
        .isEqualTo("2026-12-04T00:33:36.907Z");
    assertThat(TaskJson.date(OffsetDateTime.of(2026, 1, 2, 3, 4, 0, 0, ZoneOffset.UTC)))
        .isEqualTo("2026-01-02T03:04:00Z");
    assertThat(
            TaskJson.date(OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 120_000, ZoneOffset.ofHours(2))))
        .isEqualTo("2026-01-02T03:04:05.000120+02:00");
    assertThat(
            TaskJson.date(
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 7, ZoneOffset.ofHoursMinutes(-5, -30))))
        .isEqualTo("2026-01-02T03:04:05.000000007-05:30");
    assertThat(TaskJson.date(null)).isNull();
  }

  @Test
  void aDateReadsBackAsTheSameInstant() {
    OffsetDateTime date =
        OffsetDateTime.of(2026, 12, 4, 23, 59, 59, 999_000_000, ZoneOffset.ofHours(9));

    assertThat(OffsetDateTime.parse(TaskJson.date(date), DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .isEqualTo(date);
  }
}
