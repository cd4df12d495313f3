package com.copilotz.tasks.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.testing.FakeCopilotzServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator and the masking of secrets on Spring Boot 4's health module and actuator. */
class Boot4ActuatorTest {
  FakeCopilotzServer server;
  ApplicationContextRunner runner;

  @BeforeEach
  void start() {
    server = new FakeCopilotzServer().start();
    runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CopilotzTasksAutoConfiguration.class,
            CopilotzTasksHealthConfiguration.class, CopilotzTasksSanitizingConfiguration.class))
        .withPropertyValues("copilotz.tasks.base-url=" + server.baseUrl());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void thisIsSpringBoot4() {
    assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
  }

  @Test
  void theHealthIndicatorIsOffUnlessEnabled() {
    runner.withPropertyValues("copilotz.tasks.access-token=" + server.issueToken())
        .run(context -> assertThat(context).doesNotHaveBean("copilotzTasksHealthIndicator"));
  }

  @Test
  void theHealthIndicatorChecksReachAndCredentials() {
    runner.withPropertyValues("copilotz.tasks.access-token=" + server.issueToken(), "copilotz.tasks.health.enabled=true")
        .run(context -> {
          Health health = context.getBean("copilotzTasksHealthIndicator", HealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
        });
    runner.withPropertyValues("copilotz.tasks.access-token=tk_wrong", "copilotz.tasks.health.enabled=true")
        .run(context -> {
          Health health = context.getBean("copilotzTasksHealthIndicator", HealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails()).containsEntry("error", "the credentials were rejected (401)");
        });
    assertThat(server.tasks()).isEmpty();
  }

  @Test
  void theTokenIsMasked() {
    runner.withPropertyValues("copilotz.tasks.access-token=tk_secret").run(context ->
        assertThat(context.getBean(SanitizingFunction.class)
            .apply(new SanitizableData(null, "copilotz.tasks.access-token", "tk_secret")).getValue())
            .isEqualTo(SanitizableData.SANITIZED_VALUE));
  }
}
