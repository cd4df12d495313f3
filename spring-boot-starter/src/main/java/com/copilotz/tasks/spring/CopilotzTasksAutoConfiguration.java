package com.copilotz.tasks.spring;

import com.copilotz.tasks.AsyncTasksClient;
import com.copilotz.tasks.LogLevel;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.micrometer.MicrometerTasksObserver;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a {@link TasksClient} and its {@link AsyncTasksClient} from the {@code
 * copilotz.tasks} properties (see {@link CopilotzTasksProperties}), each unless the application
 * declares its own. The client is closed with the application context.
 *
 * <ul>
 *   <li>{@link TasksClientBuilderCustomizer} beans customize the builder, in order, after the
 *       properties.
 *   <li>An {@link OkHttpClient} bean named {@value #OK_HTTP_CLIENT_BEAN} is the HTTP client the SDK
 *       derives its own from (sharing its pool, dispatcher and interceptors); other {@code
 *       OkHttpClient} beans are left alone.
 *   <li>With {@code copilotz-tasks-micrometer} on the class path and an {@link ObservationRegistry}
 *       bean, the client is observed.
 *   <li>{@link com.copilotz.tasks.StepWorker} beans are started when the application is ready and
 *       stopped gracefully on shutdown ({@link CopilotzTasksWorkers}); {@code
 *       copilotz.tasks.workers.enabled=false} leaves them unstarted.
 *   <li>Without a token or credentials, the application fails to start with a message that says
 *       which properties to set.
 * </ul>
 *
 * The SDK keeps its own Jackson 2 mapper: the application's {@code ObjectMapper} or {@code
 * JsonMapper} is never used.
 */
@AutoConfiguration
@ConditionalOnClass(TasksClient.class)
@EnableConfigurationProperties(CopilotzTasksProperties.class)
public class CopilotzTasksAutoConfiguration {
  /**
   * The name of the {@link OkHttpClient} bean the client is built on, when the application declares
   * one.
   */
  public static final String OK_HTTP_CLIENT_BEAN = "copilotzTasksOkHttpClient";

  /** Creates the auto-configuration; Spring Boot does this. */
  public CopilotzTasksAutoConfiguration() {}

  /**
   * The client, configured from the properties, then the SDK's environment variables, then the
   * customizers.
   *
   * @param properties the {@code copilotz.tasks} properties
   * @param environment the environment, for the SDK's own variables
   * @param customizers the builder customizers, applied in order
   * @param httpClient the {@value #OK_HTTP_CLIENT_BEAN} bean, if any
   * @return the client, closed with the context
   * @throws CopilotzTasksCredentialsMissingException when there is no token and no complete
   *     credentials
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public TasksClient copilotzTasksClient(
      CopilotzTasksProperties properties,
      Environment environment,
      ObjectProvider<TasksClientBuilderCustomizer> customizers,
      @Qualifier(OK_HTTP_CLIENT_BEAN) ObjectProvider<OkHttpClient> httpClient) {
    TasksClient.Builder builder = TasksClient.builder();
    String baseUrl = first(properties.getBaseUrl(), environment.getProperty("COPILOTZ_BASE_URL"));
    if (baseUrl != null) {
      builder.baseUrl(baseUrl);
    }
    authenticate(builder, properties, environment);
    if (properties.getTimeout() != null) {
      builder.timeout(properties.getTimeout());
    }
    if (properties.getConnectTimeout() != null) {
      builder.connectTimeout(properties.getConnectTimeout());
    }
    if (properties.getMaxRetries() != null) {
      builder.maxRetries(properties.getMaxRetries());
    }
    if (properties.getMaxRetryAfter() != null) {
      builder.maxRetryAfter(properties.getMaxRetryAfter());
    }
    if (properties.getMaxConcurrentRequests() != null) {
      builder.maxConcurrentRequests(properties.getMaxConcurrentRequests());
    }
    String log = environment.getProperty("COPILOTZ_LOG");
    if (properties.getLogLevel() != null) {
      builder.logLevel(properties.getLogLevel());
    } else if (log != null && !log.isBlank()) {
      builder.logLevel(LogLevel.valueOf(log.trim().toUpperCase(Locale.ROOT)));
    }
    if (properties.getWorkflowCacheTtl() != null) {
      builder.workflowCacheTtl(properties.getWorkflowCacheTtl());
    }
    httpClient.ifAvailable(builder::okHttpClient);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /**
   * The asynchronous view of the client.
   *
   * @param client the client
   * @return {@code client.async()}
   */
  @Bean
  @ConditionalOnMissingBean
  public AsyncTasksClient copilotzTasksAsyncClient(TasksClient client) {
    return client.async();
  }

  /**
   * A token wins over credentials. When nothing is set under {@code copilotz.tasks}, the SDK's own
   * variables are read. Without a token or complete credentials, the application cannot start.
   */
  private static void authenticate(
      TasksClient.Builder builder, CopilotzTasksProperties properties, Environment environment) {
    String token = first(properties.getAccessToken(), null);
    String[] credentials = {
      properties.getUsername(), properties.getPassword(), properties.getNamespace()
    };
    if (token == null && Arrays.stream(credentials).allMatch(value -> first(value, null) == null)) {
      token = first(environment.getProperty("COPILOTZ_ACCESS_TOKEN"), null);
      credentials =
          new String[] {
            environment.getProperty("COPILOTZ_USERNAME"),
            environment.getProperty("COPILOTZ_PASSWORD"),
            environment.getProperty("COPILOTZ_NAMESPACE")
          };
    }
    if (token != null) {
      builder.accessToken(token);
      return;
    }
    String[] names = {"username", "password", "namespace"};
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      if (first(credentials[i], null) == null) {
        missing.add("copilotz.tasks." + names[i]);
      }
    }
    if (missing.isEmpty()) {
      builder.credentials(credentials[0].trim(), credentials[1], credentials[2].trim());
    } else if (missing.size() < names.length) {
      throw new CopilotzTasksCredentialsMissingException(
          "the credentials are incomplete: "
              + String.join(" and ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " not set");
    } else {
      throw new CopilotzTasksCredentialsMissingException(
          "neither an access token nor credentials are configured");
    }
  }

  private static String first(String value, String fallback) {
    if (value != null && !value.isBlank()) {
      return value.trim();
    }
    return fallback == null || fallback.isBlank() ? null : fallback.trim();
  }

  /**
   * Starts the application's {@link com.copilotz.tasks.StepWorker} beans when it is ready (unless
   * {@code copilotz.tasks.workers.enabled} is false) and stops them gracefully on shutdown.
   *
   * @param workers the application's step workers
   * @param properties the {@code copilotz.tasks} properties
   * @return the manager of the workers
   */
  @Bean
  @ConditionalOnMissingBean
  public CopilotzTasksWorkers copilotzTasksWorkers(
      ObjectProvider<com.copilotz.tasks.StepWorker> workers, CopilotzTasksProperties properties) {
    return new CopilotzTasksWorkers(workers, properties.getWorkers().isEnabled());
  }

  /**
   * Observes the client when copilotz-tasks-micrometer is on the class path and there is a
   * registry.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MicrometerTasksObserver.class, ObservationRegistry.class})
  static class Observed {
    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    TasksClientBuilderCustomizer copilotzTasksObservation(
        ObjectProvider<ObservationRegistry> registry) {
      return builder ->
          registry.ifAvailable(
              observations -> builder.observer(MicrometerTasksObserver.create(observations)));
    }
  }
}
