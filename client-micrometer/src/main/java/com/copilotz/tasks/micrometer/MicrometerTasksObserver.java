package com.copilotz.tasks.micrometer;

import com.copilotz.tasks.HandledTask;
import com.copilotz.tasks.SyncReport;
import com.copilotz.tasks.TasksObserver;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplySenderContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Observes the Copilotz Tasks client with Micrometer's Observation API: one observation per SDK
 * operation ({@value #OPERATION}) and, as its child, one per HTTP attempt ({@value #HTTP}). One
 * {@link ObservationRegistry} then gives both timers (with a meter handler) and spans (with a
 * tracing handler); when a tracer is configured, each attempt carries the caller's trace context in
 * its request headers (W3C {@code traceparent} with OpenTelemetry or Brave's W3C setting), so
 * Copilotz calls join the caller's trace.
 *
 * <pre>{@code
 * TasksClient client = TasksClient.builder()
 *     .fromEnv()
 *     .observer(MicrometerTasksObserver.create(observationRegistry))
 *     .build();
 * }</pre>
 *
 * <p>Low-cardinality keys, on timers and spans: {@code operation}, {@code async}, {@code outcome},
 * {@code exception}, and on attempts also {@code method}, {@code uri} (the template, such as {@code
 * /rest/tasks/{id}}), {@code status} and {@code retried}. High-cardinality keys, on spans only:
 * {@code attempt}, {@code retry.reason}, the sync's {@code rows.*} counts, and {@code task.id} and
 * {@code task.ext_id} when {@link Builder#includeTaskIds(boolean)} is on. A token is never
 * recorded. Thread-safe.
 */
public final class MicrometerTasksObserver implements TasksObserver {
  /** The name of the observation of an SDK operation. */
  public static final String OPERATION = "copilotz.tasks.operation";

  /** The name of the observation of one HTTP attempt. */
  public static final String HTTP = "copilotz.tasks.http";

  /**
   * The name of the counter of synced rows, tagged {@code result} (created, updated, unchanged,
   * failed).
   */
  public static final String SYNC_ROWS = "copilotz.tasks.sync.rows";

  /**
   * The name of the timer of a step worker's handler, one sample per task it is done with, tagged
   * {@code step} (the step's id) and {@code result} ({@code advanced}, {@code completed}, {@code
   * failed}, {@code pending}, {@code left}, {@code moved}, {@code abandoned}, {@code error}): its
   * count is the tasks handled by result.
   */
  public static final String WORKER_HANDLER = "copilotz.tasks.worker.handler";

  /**
   * The name of the timer of a step worker's lag, from a task's {@code updatedAt} to the read
   * before its handler, tagged {@code step}.
   */
  public static final String WORKER_LAG = "copilotz.tasks.worker.lag";

  private final ObservationRegistry registry;
  private final boolean includeTaskIds;
  private final MeterRegistry meters;

  private MicrometerTasksObserver(Builder builder) {
    this.registry = builder.registry;
    this.includeTaskIds = builder.includeTaskIds;
    this.meters = builder.meters;
  }

  /**
   * Returns an observer over {@code registry}, with the defaults: no task ids, no sync counters.
   *
   * @param registry the registry to observe into
   * @return the observer
   * @throws NullPointerException if {@code registry} is null
   */
  public static MicrometerTasksObserver create(ObservationRegistry registry) {
    return builder(registry).build();
  }

  /**
   * Returns a builder of an observer over {@code registry}.
   *
   * @param registry the registry to observe into
   * @return a new builder
   * @throws NullPointerException if {@code registry} is null
   */
  public static Builder builder(ObservationRegistry registry) {
    return new Builder(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Starts the observation of an operation, as a child of the caller's current observation if any.
   *
   * @param start what the operation is
   * @return the operation's observation
   */
  @Override
  public Operation operationStarted(OperationStart start) {
    Observation observation =
        Observation.createNotStarted(OPERATION, Observation.Context::new, registry)
            .contextualName("copilotz " + start.name())
            .lowCardinalityKeyValue("operation", start.name())
            .lowCardinalityKeyValue("async", String.valueOf(start.async()));
    if (includeTaskIds) {
      start
          .taskId()
          .ifPresent(id -> observation.highCardinalityKeyValue("task.id", Long.toString(id)));
      start.extId().ifPresent(extId -> observation.highCardinalityKeyValue("task.ext_id", extId));
    }
    return new ObservedOperation(observation.start(), start.name());
  }

  /** The observation of one operation, parent of its attempts. */
  private final class ObservedOperation implements Operation {
    private final Observation observation;
    private final String name;

    ObservedOperation(Observation observation, String name) {
      this.observation = observation;
      this.name = name;
    }

    @Override
    public Attempt attemptStarted(AttemptStart start) {
      HttpContext context = new HttpContext();
      Observation attempt =
          Observation.createNotStarted(HTTP, () -> context, registry)
              .parentObservation(observation)
              .contextualName(start.method() + " " + start.uriTemplate())
              .lowCardinalityKeyValue("operation", name)
              .lowCardinalityKeyValue("method", start.method())
              .lowCardinalityKeyValue("uri", start.uriTemplate())
              .highCardinalityKeyValue("attempt", Integer.toString(start.number()));
      start
          .retryReason()
          .ifPresent(reason -> attempt.highCardinalityKeyValue("previous.retry.reason", reason));
      // The operation is in scope while the attempt starts, so that a tracer, which prefers the
      // span in scope
      // to the parent observation's, makes the attempt's span a child of the operation's on any
      // thread.
      try (Observation.Scope ignored = observation.openScope()) {
        attempt.start();
      }
      return new ObservedAttempt(attempt, context);
    }

    @Override
    public void rowsSynced(SyncReport report) {
      long[] counts = {report.created(), report.updated(), report.unchanged(), report.failed()};
      String[] results = {"created", "updated", "unchanged", "failed"};
      observation.highCardinalityKeyValue(
          "rows.done",
          Long.toString(
              report.created() + report.updated() + report.unchanged() + report.failed()));
      for (int i = 0; i < results.length; i++) {
        observation.highCardinalityKeyValue("rows." + results[i], Long.toString(counts[i]));
        if (meters != null) {
          Counter.builder(SYNC_ROWS)
              .description("Rows a Copilotz bulk sync made the server match, by what it did")
              .tag("result", results[i])
              .register(meters)
              .increment(counts[i]);
        }
      }
    }

    @Override
    public void taskHandled(HandledTask handled) {
      String step = Long.toString(handled.stepId());
      observation.highCardinalityKeyValue("worker.step", step);
      observation.highCardinalityKeyValue("worker.result", handled.result().tag());
      observation.highCardinalityKeyValue("worker.attempts", Integer.toString(handled.attempts()));
      if (meters == null) {
        return;
      }
      Timer.builder(WORKER_HANDLER)
          .description("How long a Copilotz step worker's handler ran, per task, by result")
          .tag("step", step)
          .tag("result", handled.result().tag())
          .register(meters)
          .record(handled.handlerTime());
      handled
          .lag()
          .ifPresent(
              lag ->
                  Timer.builder(WORKER_LAG)
                      .description(
                          "From a task's updatedAt to its handling by a Copilotz step worker")
                      .tag("step", step)
                      .register(meters)
                      .record(lag));
    }

    @Override
    public void operationEnded(@Nullable Throwable failure) {
      observation.lowCardinalityKeyValue("outcome", failure == null ? "SUCCESS" : "ERROR");
      observation.lowCardinalityKeyValue(exception(failure));
      if (failure != null) {
        observation.error(failure);
      }
      observation.stop();
    }
  }

  /**
   * The observation of one attempt, whose context carries the trace headers the tracing handler
   * injects.
   */
  private static final class ObservedAttempt implements Attempt {
    private final Observation observation;
    private final HttpContext context;

    ObservedAttempt(Observation observation, HttpContext context) {
      this.observation = observation;
      this.context = context;
    }

    @Override
    public Map<String, String> requestHeaders() {
      return context.getCarrier();
    }

    @Override
    public void attemptEnded(AttemptEnd end) {
      if (end.statusCode() > 0) {
        context.setResponse(end.statusCode());
      }
      observation.lowCardinalityKeyValue(
          "status", end.statusCode() > 0 ? Integer.toString(end.statusCode()) : "NONE");
      observation.lowCardinalityKeyValue("outcome", end.outcome().name());
      observation.lowCardinalityKeyValue("retried", String.valueOf(end.retried()));
      observation.lowCardinalityKeyValue(exception(end.failure().orElse(null)));
      end.retryReason()
          .ifPresent(reason -> observation.highCardinalityKeyValue("retry.reason", reason));
      end.failure().ifPresent(observation::error);
      observation.stop();
    }
  }

  /**
   * The context of an attempt: a request carrier (the headers to add) for a propagating tracing
   * handler, and the status as its response.
   */
  static final class HttpContext extends RequestReplySenderContext<Map<String, String>, Integer> {
    HttpContext() {
      super(
          (carrier, key, value) -> {
            if (carrier != null) {
              carrier.put(key, value);
            }
          });
      setCarrier(new LinkedHashMap<>());
      setRemoteServiceName("copilotz");
    }
  }

  private static KeyValue exception(@Nullable Throwable failure) {
    return KeyValue.of("exception", failure == null ? "none" : failure.getClass().getSimpleName());
  }

  @Override
  public String toString() {
    return "MicrometerTasksObserver[taskIds="
        + (includeTaskIds ? "on" : "off").toLowerCase(Locale.ROOT)
        + ", syncCounters="
        + (meters != null ? "on" : "off")
        + "]";
  }

  /** Configures a {@link MicrometerTasksObserver}. */
  public static final class Builder {
    private final ObservationRegistry registry;
    private boolean includeTaskIds;
    private MeterRegistry meters;

    private Builder(ObservationRegistry registry) {
      this.registry = registry;
    }

    /**
     * Adds the task id and extId an operation is about to its observation, as high-cardinality keys
     * ({@code task.id}, {@code task.ext_id}: on spans, never on meters); off when not set.
     *
     * @param include true to add them
     * @return this builder
     */
    public Builder includeTaskIds(boolean include) {
      this.includeTaskIds = include;
      return this;
    }

    /**
     * Counts the rows of each bulk sync in {@code meters}: {@value
     * MicrometerTasksObserver#SYNC_ROWS}, tagged {@code result} ({@code created}, {@code updated},
     * {@code unchanged}, {@code failed}); and times each step worker's handler ({@value
     * MicrometerTasksObserver#WORKER_HANDLER}, tagged {@code step} and {@code result}) and lag
     * ({@value MicrometerTasksObserver#WORKER_LAG}). Without it, these are only on the spans.
     *
     * @param meters the meter registry
     * @return this builder
     * @throws NullPointerException if {@code meters} is null
     */
    public Builder meterRegistry(MeterRegistry meters) {
      this.meters = Objects.requireNonNull(meters, "meters");
      return this;
    }

    /**
     * Builds the observer.
     *
     * @return the observer
     */
    public MicrometerTasksObserver build() {
      return new MicrometerTasksObserver(this);
    }
  }
}
