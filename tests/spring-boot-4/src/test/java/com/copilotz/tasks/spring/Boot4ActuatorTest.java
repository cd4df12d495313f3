package com.copilotz.tasks.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;

/**
 * The health indicator and the masking of secrets on Spring Boot 4's health module and actuator.
 */
class Boot4ActuatorTest extends ActuatorTestSupport {
  @Override
  HealthAnswer health(ApplicationContext context) {
    Health health = context.getBean("copilotzTasksHealthIndicator", HealthIndicator.class).health();
    return new HealthAnswer(health.getStatus().getCode(), health.getDetails(), health.toString());
  }

  @Test
  void thisIsSpringBoot4() {
    assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
  }
}
