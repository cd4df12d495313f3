package com.copilotz.tasks.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.testing.FakeCopilotzServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator and the masking of secrets on Spring Boot 3's actuator. */
class Boot3ActuatorTest {
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
  void theHealthIndicatorIsOffUnlessEnabled() {
    runner.withPropertyValues("copilotz.tasks.access-token=" + server.issueToken())
        .run(context -> assertThat(context).doesNotHaveBean("copilotzTasksHealthIndicator"));
  }

  @Test
  void theHealthIndicatorChecksReachAndCredentialsWithoutCreatingAnything() {
    runner.withPropertyValues("copilotz.tasks.access-token=" + server.issueToken(), "copilotz.tasks.health.enabled=true")
        .run(context -> {
          Health health = context.getBean("copilotzTasksHealthIndicator", HealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsKey("latencyMs");
        });
    runner.withPropertyValues("copilotz.tasks.access-token=tk_wrong", "copilotz.tasks.health.enabled=true")
        .run(context -> {
          Health health = context.getBean("copilotzTasksHealthIndicator", HealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails()).containsEntry("error", "the credentials were rejected (401)");
          assertThat(health.toString()).doesNotContain("tk_wrong");
        });
    assertThat(server.requests()).allSatisfy(request -> assertThat(request.method()).isEqualTo("GET"));
    assertThat(server.tasks()).isEmpty();
  }

  @Test
  void theTokenAndThePasswordAreMaskedEvenWhenValuesAreShown() {
    runner.withPropertyValues("copilotz.tasks.access-token=tk_secret").run(context -> {
      SanitizingFunction function = context.getBean(SanitizingFunction.class);
      for (String key : new String[] {"copilotz.tasks.access-token", "copilotz.tasks.accessToken",
          "copilotz.tasks.password", "COPILOTZ_TASKS_ACCESS_TOKEN", "COPILOTZ_ACCESS_TOKEN", "COPILOTZ_PASSWORD"}) {
        assertThat(function.apply(new SanitizableData(null, key, "tk_secret")).getValue()).as(key)
            .isEqualTo(SanitizableData.SANITIZED_VALUE);
      }
      assertThat(function.apply(new SanitizableData(null, "copilotz.tasks.base-url", "https://x")).getValue())
          .isEqualTo("https://x");
    });
  }
}
