package com.copilotz.tasks.examples.service;

import com.copilotz.tasks.StepAction;
import com.copilotz.tasks.StepWorker;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  /** The idempotency keys the mail service has seen: it sends once per key. */
  private final Set<String> notices = ConcurrentHashMap.newKeySet();

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

  /**
   * Idempotent where the work happens: the notice is keyed by the task's id and step, and the mail
   * service (here, {@link #notices}) sends once per key, so a task handed out again after a crash
   * sends no second notice. A marker written by the move could not tell: a crash between the notice
   * and the move leaves none.
   */
  private StepAction confirm(Task task) {
    String key = "task-" + task.getId() + "-step-" + task.getCurrentStep();
    if (notices.add(key)) {
      sent.add(task.getExtId());
    }
    return StepAction.advance(Map.of("customerNotified", "yes"));
  }
}
