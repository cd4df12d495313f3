package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** The task every contender reads and writes: a realistic task with a 20-key context. */
final class Fixtures {
  static final String TOKEN = "tk_benchmark_0123456789abcdef";

  /** The Authorization header for TOKEN, made once, as a user of the generated interface would. */
  static final String AUTHORIZATION = "Bearer " + TOKEN;

  private Fixtures() {}

  static Map<String, Object> context() {
    Map<String, Object> context = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      switch (i % 4) {
        case 0:
          context.put("field" + i, "value number " + i);
          break;
        case 1:
          context.put("count" + i, i * 1000L);
          break;
        case 2:
          context.put("flag" + i, i % 3 == 0);
          break;
        default:
          context.put("score" + i, i * 1.25);
      }
    }
    return context;
  }

  static String taskJson() {
    StringBuilder json = new StringBuilder();
    json.append(
            "{\"_id\":4242,\"extId\":\"SUPPORT_56789\",\"workflow\":2,\"currentStep\":1,\"status\":\"active\",")
        .append(
            "\"name\":\"Resolve Customer Issue\",\"description\":\"Task to resolve a customer support issue.\",")
        .append("\"context\":{");
    int i = 0;
    for (Map.Entry<String, Object> entry : context().entrySet()) {
      json.append(i++ == 0 ? "" : ",").append('"').append(entry.getKey()).append("\":");
      Object value = entry.getValue();
      json.append(value instanceof String ? "\"" + value + "\"" : String.valueOf(value));
    }
    json.append(
        "},\"createdAt\":\"2026-11-01T10:00:00.000Z\",\"updatedAt\":\"2026-11-02T11:30:00.000Z\"}");
    return json.toString();
  }

  static CreateTaskRequest createRequest() {
    return new CreateTaskRequest()
        .extId("SUPPORT_56789")
        .workflow(2L)
        .currentStep(1L)
        .status(TaskStatus.ACTIVE)
        .name("Resolve Customer Issue")
        .description("Task to resolve a customer support issue.")
        .context(context());
  }

  /** An update as a user sends one: a step and status, and a patch of the context. */
  static UpdateTaskRequest updateRequest() {
    return new UpdateTaskRequest()
        .currentStep(2L)
        .status(TaskStatus.PENDING)
        .context(java.util.Map.of("emailSent", "yes", "checkedBy", "ops"));
  }
}
