package com.copilotz.tasks.examples.service;

import com.copilotz.tasks.StepAction;
import com.copilotz.tasks.StepWorker;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service owns the support workflow's last step, "Confirm": a {@link StepWorker} tells the
 * customer their ticket is resolved and completes the task. The starter starts it when the
 * application is ready and stops it gracefully on shutdown ({@code copilotz.tasks.workers.enabled
 * =false} leaves it off).
 */
@Configuration(proxyBeanMethods = false)
public class CustomerNotifier {
  /** The notices sent, newest last: a stand-in for the mail service. */
  final List<String> sent = new CopyOnWriteArrayList<>();

  /**
   * The worker of the "Confirm" step.
   *
   * @param copilotz the client
   * @param stepId the step's id
   * @param maxPollInterval the longest wait between listings while there is nothing to confirm
   * @return the worker, started by the starter
   */
  @Bean
  StepWorker confirmationWorker(
      TasksClient copilotz,
      @Value("${tickets.confirm-step-id}") long stepId,
      @Value("${tickets.confirm-max-poll-interval:10s}") Duration maxPollInterval) {
    return copilotz
        .stepWorker(stepId)
        .concurrency(4)
        .maxPollInterval(maxPollInterval)
        .build(this::confirm);
  }

  /** Idempotent: a notice already sent (the marker is in the context) is not sent again. */
  private StepAction confirm(Task task) {
    Map<String, Object> context = task.getContext() == null ? Map.of() : task.getContext();
    if (!context.containsKey("customerNotified")) {
      sent.add(task.getExtId());
    }
    return StepAction.advance(Map.of("customerNotified", "yes"));
  }
}
