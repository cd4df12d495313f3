package com.copilotz.tasks.spring;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.ApplicationContext;

/** The health indicator and the masking of secrets on Spring Boot 3's actuator. */
class Boot3ActuatorTest extends ActuatorTestSupport {
  @Override
  HealthAnswer health(ApplicationContext context) {
    Health health = context.getBean("copilotzTasksHealthIndicator", HealthIndicator.class).health();
    return new HealthAnswer(health.getStatus().getCode(), health.getDetails(), health.toString());
  }
}
