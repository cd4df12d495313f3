package com.copilotz.tasks.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which properties to set when the Copilotz Tasks client has no token or credentials at
 * startup.
 */
public class CopilotzTasksFailureAnalyzer
    extends AbstractFailureAnalyzer<CopilotzTasksCredentialsMissingException> {
  /** Creates the analyzer; Spring Boot does this from {@code META-INF/spring.factories}. */
  public CopilotzTasksFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, CopilotzTasksCredentialsMissingException cause) {
    return new FailureAnalysis(
        "The Copilotz Tasks client cannot authenticate: " + cause.getMessage() + ".",
        "Set copilotz.tasks.access-token, or all of copilotz.tasks.username, copilotz.tasks.password and "
            + "copilotz.tasks.namespace (in application.properties, or as the environment variables "
            + "COPILOTZ_TASKS_ACCESS_TOKEN, or COPILOTZ_ACCESS_TOKEN, COPILOTZ_USERNAME, COPILOTZ_PASSWORD and "
            + "COPILOTZ_NAMESPACE). To use your own client, declare a TasksClient bean.",
        cause);
  }
}
