package com.copilotz.tasks.spring;

import com.copilotz.tasks.StepWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the application's {@link StepWorker} beans when the application is ready (after every
 * runner, so a worker never handles a task before the application can serve), unless {@code
 * copilotz.tasks.workers.enabled} is false; and stops them gracefully when the context closes,
 * before the {@code TasksClient} they use is closed: polling stops at once, running handlers get
 * each worker's grace period. Declared by {@link CopilotzTasksAutoConfiguration}.
 */
public class CopilotzTasksWorkers
    implements ApplicationListener<ApplicationReadyEvent>, SmartLifecycle {
  private final ObjectProvider<StepWorker> workers;
  private final boolean enabled;
  private final List<StepWorker> started = new CopyOnWriteArrayList<>();
  private volatile boolean running;

  /**
   * Manages the workers of {@code workers}.
   *
   * @param workers the application's step workers, built and not started
   * @param enabled whether to start them when the application is ready
   */
  public CopilotzTasksWorkers(ObjectProvider<StepWorker> workers, boolean enabled) {
    this.workers = workers;
    this.enabled = enabled;
  }

  /**
   * Starts every worker, once the application is ready; does nothing when the workers are turned
   * off.
   *
   * @param event the application's readiness
   */
  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (!enabled || !running) {
      return;
    }
    workers
        .orderedStream()
        .forEach(
            worker -> {
              if (!started.contains(worker)) {
                worker.start(); // the worker logs one line when it starts, one when it stops
                started.add(worker);
              }
            });
  }

  /** Arms the starting of the workers; they start when the application is ready. */
  @Override
  public void start() {
    running = true;
  }

  /**
   * Stops every worker started, all at once, each with its grace period; returns when they have
   * stopped.
   */
  @Override
  public void stop() {
    running = false;
    List<Thread> closing = new ArrayList<>();
    for (StepWorker worker : started) {
      Thread close = new Thread(worker::close, "copilotz-worker-close");
      close.start();
      closing.add(close);
    }
    for (Thread close : closing) {
      try {
        close.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    started.clear();
  }

  /**
   * Whether the workers are armed or running.
   *
   * @return true between start and stop
   */
  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * Stops the workers early on shutdown, before web servers stop taking requests and before the
   * beans are destroyed.
   *
   * @return the phase, the latest of all
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }

  /**
   * Returns the workers this has started.
   *
   * @return the running workers
   */
  public List<StepWorker> startedWorkers() {
    return List.copyOf(started);
  }
}
