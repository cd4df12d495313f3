package com.copilotz.tasks.spring;

import java.util.Locale;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Keeps the Copilotz token and password, and the MCP server's bearer token, out of {@code
 * /actuator/env} and {@code /actuator/configprops}, even when an application shows their values
 * ({@code management.endpoint.*.show-values=always}).
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class CopilotzTasksSanitizingConfiguration {
  /**
   * The keys of the secrets, lower-cased: as properties ({@code /actuator/env}), as the bean's
   * qualified property names ({@code /actuator/configprops}), and as environment variables.
   */
  private static final Set<String> SECRETS =
      Set.of(
          "copilotz.tasks.access-token",
          "copilotz.tasks.accesstoken",
          "copilotz.tasks.password",
          "copilotz.tasks.mcp.bearer-token",
          "copilotz.tasks.mcp.bearertoken",
          "copilotz_tasks_mcp_bearer_token",
          "copilotz_tasks_mcp_bearertoken",
          "copilotz_mcp_token",
          "copilotz_tasks_access_token",
          "copilotz_tasks_password",
          "copilotz_access_token",
          "copilotz_password");

  /** Creates the configuration; Spring Boot does this. */
  public CopilotzTasksSanitizingConfiguration() {}

  /**
   * Masks the Copilotz secrets: the {@code copilotz.tasks} token and password (however spelled),
   * and the SDK's {@code COPILOTZ_ACCESS_TOKEN} and {@code COPILOTZ_PASSWORD}.
   *
   * @return the sanitizing function
   */
  @Bean
  public SanitizingFunction copilotzTasksSecrets() {
    return data -> isSecret(data) ? data.withValue(SanitizableData.SANITIZED_VALUE) : data;
  }

  private static boolean isSecret(SanitizableData data) {
    return data.getKey() != null && SECRETS.contains(data.getKey().toLowerCase(Locale.ROOT));
  }
}
