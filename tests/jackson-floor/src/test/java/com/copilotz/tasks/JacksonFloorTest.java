package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.PackageVersion;
import org.junit.jupiter.api.Test;

/**
 * The client's tests run here on the oldest Jackson it supports, not on the one it is built with.
 */
class JacksonFloorTest {
  @Test
  void theJacksonOnTheClassPathIsTheFloor() {
    String expected = System.getProperty("jackson.expected.version");
    assertThat(PackageVersion.VERSION.toString()).isEqualTo(expected);
    assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
        .isEqualTo(expected);
    assertThat(com.fasterxml.jackson.datatype.jsr310.PackageVersion.VERSION.toString())
        .isEqualTo(expected);
  }
}
