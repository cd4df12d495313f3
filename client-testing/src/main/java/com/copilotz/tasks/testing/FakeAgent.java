package com.copilotz.tasks.testing;

import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.testing.backend.FakeBackend;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Copilotz agent, played by a {@link FakeCopilotzServer}: it works the steps a test gives it,
 * as the real agent does ({@code taskManager}), and leaves every other step to the code under test.
 * Get it with {@link FakeCopilotzServer#agent()}.
 *
 * <p>For each {@code active} task at a step it works, a move writes, in one update: on success
 * {@code currentStep = next}, or {@code status = completed} at the last step; on failure {@code
 * status = failed}, and {@code currentStep = failedNext} when the step has one; and, either way,
 * {@code context.steps[<step name>] = {args, results, updatedAt}} and {@code context.state} merged
 * with the results. A step it leaves pending has the task set {@code pending} at it.
 *
 * <p>The test decides when the agent moves: {@link #step()} moves every task it can once, now
 * (deterministic, for tests); {@link #runEvery(Duration)} moves them on its own thread at an
 * interval (for demos and the standalone server), until {@link #stop()} or the server closes.
 *
 * <pre>{@code
 * server.agent()
 *     .works("Gather Information", Map.of("email", "ada@example.com"))
 *     .works("Complete Onboarding", Map.of());
 * List<Task> moved = server.agent().step();
 * }</pre>
 *
 * Thread-safe.
 */
public final class FakeAgent {
  private enum Outcome {
    SUCCEED,
    FAIL,
    PENDING
  }

  private record Rule(Outcome outcome, ObjectNode results) {}

  private final FakeBackend backend;
  private final ObjectMapper json;
  private final Function<ObjectNode, Task> toTask;
  private final Map<String, Rule> byName = new LinkedHashMap<>();
  private final Map<Long, Rule> byId = new LinkedHashMap<>();
  private ScheduledExecutorService running;

  FakeAgent(FakeBackend backend, ObjectMapper json, Function<ObjectNode, Task> toTask) {
    this.backend = backend;
    this.json = json;
    this.toTask = toTask;
  }

  /**
   * Works the step of this name: each task there succeeds with {@code results}.
   *
   * @param stepName the step's name
   * @param results the results the step records, merged into {@code context.state}
   * @return this agent
   * @throws NullPointerException if an argument is null
   */
  public synchronized FakeAgent works(String stepName, Map<String, ?> results) {
    byName.put(Objects.requireNonNull(stepName, "stepName"), rule(Outcome.SUCCEED, results));
    return this;
  }

  /**
   * Works the step with this id: each task there succeeds with {@code results}.
   *
   * @param stepId the step's {@code _id}
   * @param results the results the step records, merged into {@code context.state}
   * @return this agent
   * @throws NullPointerException if {@code results} is null
   */
  public synchronized FakeAgent works(long stepId, Map<String, ?> results) {
    byId.put(stepId, rule(Outcome.SUCCEED, results));
    return this;
  }

  /**
   * Fails the step of this name: each task there fails, with {@code {"error": reason}} as the
   * step's results.
   *
   * @param stepName the step's name
   * @param reason why it fails
   * @return this agent
   * @throws NullPointerException if an argument is null
   */
  public synchronized FakeAgent fails(String stepName, String reason) {
    byName.put(
        Objects.requireNonNull(stepName, "stepName"),
        rule(Outcome.FAIL, Map.of("error", Objects.requireNonNull(reason, "reason"))));
    return this;
  }

  /**
   * Leaves the tasks at the step of this name {@code pending}, as the agent does with a task it
   * waits on.
   *
   * @param stepName the step's name
   * @return this agent
   * @throws NullPointerException if {@code stepName} is null
   */
  public synchronized FakeAgent leavesPending(String stepName) {
    byName.put(Objects.requireNonNull(stepName, "stepName"), rule(Outcome.PENDING, Map.of()));
    return this;
  }

  /**
   * Stops working the step of this name: its tasks are left to the code under test.
   *
   * @param stepName the step's name
   * @return this agent
   * @throws NullPointerException if {@code stepName} is null
   */
  public synchronized FakeAgent ignores(String stepName) {
    byName.remove(Objects.requireNonNull(stepName, "stepName"));
    return this;
  }

  /**
   * Moves, once, every {@code active} task at a step the agent works, in order of {@code _id}.
   *
   * @return the tasks as stored after their moves
   */
  public List<Task> step() {
    List<Task> moved = new ArrayList<>();
    for (ObjectNode row : backend.rows("tasks")) {
      move(row).ifPresent(moved::add);
    }
    return moved;
  }

  /**
   * Moves one task, once, when it is {@code active} at a step the agent works.
   *
   * @param taskId the task's {@code _id}
   * @return the task as stored after the move, or empty when the agent does not work its step
   */
  public Optional<Task> step(long taskId) {
    for (ObjectNode row : backend.rows("tasks")) {
      if (row.path("_id").asLong() == taskId) {
        return move(row);
      }
    }
    return Optional.empty();
  }

  private Optional<Task> move(ObjectNode task) {
    if (!"active".equals(task.path("status").asText(null)) || !task.hasNonNull("currentStep")) {
      return Optional.empty();
    }
    long stepId = task.get("currentStep").asLong();
    Rule rule = ruleFor(stepId);
    if (rule == null) {
      return Optional.empty();
    }
    long taskId = task.get("_id").asLong();
    Optional<ObjectNode> after =
        rule.outcome() == Outcome.PENDING
            ? backend.agentSetPending(taskId, stepId)
            : backend.agentSubmit(
                taskId,
                stepId,
                rule.outcome() == Outcome.SUCCEED,
                json.createObjectNode(),
                rule.results());
    return after.map(toTask);
  }

  private synchronized Rule ruleFor(long stepId) {
    Rule rule = byId.get(stepId);
    if (rule != null || byName.isEmpty()) {
      return rule;
    }
    for (ObjectNode step : backend.rows("steps")) {
      if (step.path("_id").asLong() == stepId) {
        return byName.get(step.path("name").asText(null));
      }
    }
    return null;
  }

  /**
   * Moves the tasks on its own, once every {@code interval}, on a daemon thread, until {@link
   * #stop()} or the server closes. For demos and the standalone server; tests call {@link #step()}.
   *
   * @param interval the wait between two rounds
   * @return this agent
   * @throws NullPointerException if {@code interval} is null
   * @throws IllegalArgumentException if {@code interval} is not positive
   * @throws IllegalStateException if it already runs
   */
  public synchronized FakeAgent runEvery(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    if (running != null) {
      throw new IllegalStateException("the agent already runs");
    }
    running =
        Executors.newSingleThreadScheduledExecutor(
            work -> {
              Thread thread = new Thread(work, "fake-copilotz-agent");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    running.scheduleWithFixedDelay(this::stepQuietly, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** A round on the agent's own thread: a failure must not end the rounds. */
  private void stepQuietly() {
    try {
      step();
    } catch (RuntimeException e) {
      System.getLogger("com.copilotz.tasks.testing")
          .log(System.Logger.Level.WARNING, "The fake agent's round failed", e);
    }
  }

  /** Forgets every step it works, and stops its rounds. */
  synchronized void reset() {
    stop();
    byName.clear();
    byId.clear();
  }

  /** Stops the rounds {@link #runEvery} started; does nothing when there are none. */
  public synchronized void stop() {
    if (running != null) {
      running.shutdownNow();
      running = null;
    }
  }

  private Rule rule(Outcome outcome, Map<String, ?> results) {
    return new Rule(outcome, json.valueToTree(Objects.requireNonNull(results, "results")));
  }

  @Override
  public synchronized String toString() {
    return "FakeAgent[works " + byName.keySet() + " " + byId.keySet() + "]";
  }
}
