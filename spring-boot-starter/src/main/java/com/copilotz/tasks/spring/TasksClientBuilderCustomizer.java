package com.copilotz.tasks.spring;

import com.copilotz.tasks.TasksClient;

/**
 * Customizes the builder of the auto-configured {@link TasksClient}, after the {@code
 * copilotz.tasks} properties are applied. Declare any number as beans; they run in their
 * {@code @Order} (or {@link org.springframework.core.Ordered}) order.
 *
 * <pre>{@code
 * @Bean
 * TasksClientBuilderCustomizer patientCopilotz() {
 *   return builder -> builder.timeout(Duration.ofMinutes(2)).maxRetries(5);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface TasksClientBuilderCustomizer {
  /**
   * Customizes the builder.
   *
   * @param builder the builder of the client being configured
   */
  void customize(TasksClient.Builder builder);
}
