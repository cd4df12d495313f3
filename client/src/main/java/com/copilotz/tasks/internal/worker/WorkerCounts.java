package com.copilotz.tasks.internal.worker;

import com.copilotz.tasks.StepResult;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What a step worker counts: tasks by result, handler exceptions, write retries, in flight. */
final class WorkerCounts {
  private final LongAdder[] handled = new LongAdder[StepResult.values().length];
  final LongAdder handlerExceptions = new LongAdder();
  final LongAdder writeRetries = new LongAdder();
  final AtomicInteger inFlight = new AtomicInteger();

  WorkerCounts() {
    for (int i = 0; i < handled.length; i++) {
      handled[i] = new LongAdder();
    }
  }

  void handled(StepResult result) {
    handled[result.ordinal()].increment();
  }

  /** The tasks handled, for a log line: such as {@code 12 tasks (advanced 10, moved 2)}. */
  String summary() {
    StringBuilder line = new StringBuilder();
    long total = 0;
    for (StepResult result : StepResult.values()) {
      long count = handled[result.ordinal()].sum();
      if (count > 0) {
        line.append(total == 0 ? " (" : ", ").append(result.tag()).append(' ').append(count);
        total += count;
      }
    }
    return total + " task(s)" + (total > 0 ? line.append(')') : "");
  }

  Map<StepResult, Long> handledByResult() {
    Map<StepResult, Long> counts = new EnumMap<>(StepResult.class);
    for (StepResult result : StepResult.values()) {
      counts.put(result, handled[result.ordinal()].sum());
    }
    return counts;
  }
}
