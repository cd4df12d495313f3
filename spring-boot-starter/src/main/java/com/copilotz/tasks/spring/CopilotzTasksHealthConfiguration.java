package com.copilotz.tasks.spring;

import com.copilotz.tasks.StepWorker;
import com.copilotz.tasks.TasksClient;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code copilotzTasks} health indicator, off unless {@code
 * copilotz.tasks.health.enabled=true}: on Spring Boot 3 it implements {@code
 * org.springframework.boot.actuate.health.HealthIndicator}, on Spring Boot 4 {@code
 * org.springframework.boot.health.contributor.HealthIndicator}; the check itself is the same: the
 * API's reach and the credentials, and each step worker the application started.
 */
@AutoConfiguration(after = CopilotzTasksAutoConfiguration.class)
@ConditionalOnProperty(prefix = "copilotz.tasks.health", name = "enabled", havingValue = "true")
public class CopilotzTasksHealthConfiguration {
  /** Creates the configuration; Spring Boot does this. */
  public CopilotzTasksHealthConfiguration() {}

  /** The workers the application started, or none when it manages no workers. */
  static Supplier<List<StepWorker>> startedWorkers(ObjectProvider<CopilotzTasksWorkers> workers) {
    return () -> {
      CopilotzTasksWorkers managed = workers.getIfAvailable();
      return managed == null ? List.of() : managed.startedWorkers();
    };
  }

  /** The indicator on Spring Boot 3's actuator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  static class OnBoot3 {
    @Bean
    @ConditionalOnBean(TasksClient.class)
    org.springframework.boot.actuate.health.HealthIndicator copilotzTasksHealthIndicator(
        TasksClient client, ObjectProvider<CopilotzTasksWorkers> workers) {
      CopilotzTasksHealthCheck check =
          new CopilotzTasksHealthCheck(client, startedWorkers(workers));
      return () -> {
        CopilotzTasksHealthCheck.Result result = check.check();
        return (result.up()
                ? org.springframework.boot.actuate.health.Health.up()
                : org.springframework.boot.actuate.health.Health.down())
            .withDetails(result.details())
            .build();
      };
    }
  }

  /** The indicator on Spring Boot 4's health module. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class OnBoot4 {
    @Bean
    @ConditionalOnBean(TasksClient.class)
    org.springframework.boot.health.contributor.HealthIndicator copilotzTasksHealthIndicator(
        TasksClient client, ObjectProvider<CopilotzTasksWorkers> workers) {
      CopilotzTasksHealthCheck check =
          new CopilotzTasksHealthCheck(client, startedWorkers(workers));
      return () -> {
        CopilotzTasksHealthCheck.Result result = check.check();
        return (result.up()
                ? org.springframework.boot.health.contributor.Health.up()
                : org.springframework.boot.health.contributor.Health.down())
            .withDetails(result.details())
            .build();
      };
    }
  }
}
