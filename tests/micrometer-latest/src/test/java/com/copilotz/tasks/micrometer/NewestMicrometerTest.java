package com.copilotz.tasks.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

/**
 * The tests of copilotz-tasks-micrometer run here on the newest Micrometer, not on the one compiled
 * against.
 */
class NewestMicrometerTest {
  @Test
  void theMicrometerOnTheClassPathIsTheNewest() {
    assertThat(Observation.class.getPackage().getImplementationVersion())
        .isEqualTo(System.getProperty("micrometer.expected.version"));
    assertThat(Tracer.class.getPackage().getImplementationVersion())
        .isEqualTo(System.getProperty("micrometer-tracing.expected.version"));
  }
}
