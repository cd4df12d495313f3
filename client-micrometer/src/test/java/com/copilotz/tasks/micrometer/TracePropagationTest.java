package com.copilotz.tasks.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.TasksClient;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * With a tracer, each attempt carries the trace in a W3C traceparent, and the spans nest operation
 * > attempt.
 */
class TracePropagationTest {
  @StartStop final MockWebServer server = new MockWebServer();

  /** W3C trace context for the test tracer's ids: 00-{trace id, 32 hex}-{span id, 16 hex}-01. */
  static final class W3cPropagator implements Propagator {
    @Override
    public List<String> fields() {
      return List.of("traceparent");
    }

    @Override
    public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
      setter.set(carrier, "traceparent", traceparent(context.traceId(), context.spanId()));
    }

    @Override
    public <C> Span.Builder extract(C carrier, Getter<C> getter) {
      throw new UnsupportedOperationException("a client only injects");
    }

    static String traceparent(String traceId, String spanId) {
      return "00-" + pad(traceId, 32) + "-" + pad(spanId, 16) + "-01";
    }

    private static String pad(String hex, int length) {
      return "0".repeat(Math.max(0, length - hex.length())) + hex;
    }
  }

  @Test
  void eachAttemptCarriesTheTraceAndTheSpansNest() throws Exception {
    SimpleTracer tracer = new SimpleTracer();
    ObservationRegistry registry = ObservationRegistry.create();
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, new W3cPropagator()),
                new DefaultTracingObservationHandler(tracer)));
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body("{\"_id\":7,\"status\":\"active\"}")
            .build());

    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken("tk_trace")
            .observer(MicrometerTasksObserver.create(registry))
            .build()) {
      Observation.createNotStarted("user.work", registry).observe(() -> client.getTask(7));
    }

    Map<String, SimpleSpan> byName =
        tracer.getSpans().stream()
            .collect(
                Collectors.toMap(
                    SimpleSpan::getName, Function.identity(), (first, second) -> first));
    List<SimpleSpan> attempts =
        tracer.getSpans().stream()
            .filter(span -> span.getName().equals("GET /rest/tasks/{id}"))
            .collect(Collectors.toList());
    SimpleSpan user = byName.get("user.work");
    // Micrometer Tracing 1.5 writes a camel-case contextual name in lower-hyphen case ("copilotz
    // get-task").
    SimpleSpan operation = byName.getOrDefault("copilotz getTask", byName.get("copilotz get-task"));
    assertThat(user).isNotNull();
    assertThat(operation).isNotNull();
    assertThat(operation.getParentId()).isEqualTo(user.getSpanId());
    assertThat(operation.getTraceId()).isEqualTo(user.getTraceId());
    assertThat(attempts)
        .hasSize(2)
        .allSatisfy(
            attempt -> {
              assertThat(attempt.getParentId()).isEqualTo(operation.getSpanId());
              assertThat(attempt.getTraceId()).isEqualTo(user.getTraceId());
            });
    for (SimpleSpan attempt : attempts) {
      RecordedRequest request = server.takeRequest();
      assertThat(request.getHeaders().get("traceparent"))
          .isEqualTo(W3cPropagator.traceparent(attempt.getTraceId(), attempt.getSpanId()));
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tk_trace");
    }
  }
}
