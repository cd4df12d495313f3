package com.copilotz.tasks.mcp.internal.tools;

import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.CopilotzTimeoutException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.PermissionDeniedException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.errors.TaskMovedException;
import com.copilotz.tasks.errors.UnconfirmedWriteException;
import com.copilotz.tasks.errors.WorkflowException;
import com.copilotz.tasks.model.Task;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a tool call answers: its result as structured content with the same JSON as text, or a tool
 * error ({@code isError}) whose text says what happened and what to do next, in words an agent can
 * act on; never a stack trace, never a credential.
 */
final class ToolAnswers {
  private final TaskJson json;

  ToolAnswers(TaskJson json) {
    this.json = json;
  }

  /** A result: {@code structured} as structured content and as JSON text. */
  CallToolResult result(Map<String, Object> structured) {
    return CallToolResult.builder()
        .structuredContent(structured)
        .addTextContent(json.write(structured))
        .isError(false)
        .build();
  }

  /** A tool error of this kind, with this message, and details for a program. */
  CallToolResult error(String kind, String message, Map<String, Object> details) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("kind", kind);
    error.put("message", message);
    error.putAll(details);
    return CallToolResult.builder()
        .structuredContent(Map.of("error", error))
        .addTextContent(message)
        .isError(true)
        .build();
  }

  /**
   * The tool error for what a call threw.
   *
   * @param failure what the SDK (or the argument check) threw
   * @param taskId the task the call was about, or null
   */
  CallToolResult failure(Throwable failure, @Nullable Long taskId) {
    String task = taskId == null ? "The task" : "Task " + taskId;
    if (failure instanceof InvalidArgumentException) {
      return error("invalid_argument", "Invalid input: " + failure.getMessage(), Map.of());
    }
    if (failure instanceof IllegalArgumentException || failure instanceof NullPointerException) {
      // The SDK's own checks, which name the parameter, before any request.
      return error("invalid_argument", "Invalid input: " + failure.getMessage(), Map.of());
    }
    if (failure instanceof NotFoundException) {
      return error(
          "not_found",
          task
              + " was not found: it may have been deleted, or the id is wrong. Find it with list_tasks.",
          Map.of());
    }
    if (failure instanceof TaskMovedException) {
      TaskMovedException moved = (TaskMovedException) failure;
      Task now = moved.task();
      return error(
          "moved_meanwhile",
          task
              + " is no longer where you saw it: you expected step "
              + moved.expectedStep()
              + moved.expectedStatus().map(status -> " with status " + status.value()).orElse("")
              + ", and it is now at step "
              + now.getCurrentStep()
              + " with status "
              + (now.getStatus() == null ? "unknown" : now.getStatus().value())
              + " (the agent or someone else moved it). Nothing was written. Read the task again and decide from where it is now.",
          Map.of("task", json.toJson(now)));
    }
    if (failure instanceof UnconfirmedWriteException) {
      Map<String, Object> details = new LinkedHashMap<>();
      ((UnconfirmedWriteException) failure)
          .task()
          .ifPresent(t -> details.put("task", json.toJson(t)));
      return error(
          "unconfirmed_write",
          "The answer to this write was lost, and "
              + task
              + " changed meanwhile, so the write was not sent again: it may or may not be stored. Read the task with get_task and decide again.",
          details);
    }
    if (failure instanceof WorkflowException) {
      return error("workflow", failure.getMessage(), Map.of());
    }
    if (failure instanceof RateLimitException) {
      RateLimitException limited = (RateLimitException) failure;
      Map<String, Object> details = new LinkedHashMap<>();
      String when =
          limited
              .retryAfter()
              .map(
                  after -> {
                    long seconds = Math.max(1, (after.toMillis() + 999) / 1000);
                    details.put("retryAfterSeconds", seconds);
                    return "Retry in " + seconds + " s.";
                  })
              .orElse("Retry in a minute.");
      return error("rate_limited", "Copilotz is limiting the rate of requests. " + when, details);
    }
    if (failure instanceof AuthenticationException
        || failure instanceof PermissionDeniedException) {
      int status = ((CopilotzApiException) failure).statusCode();
      return error(
          "not_authorized",
          "Copilotz refused this MCP server's credentials (HTTP "
              + status
              + "). This is not something a retry fixes: the server's operator must check its COPILOTZ_* settings.",
          Map.of());
    }
    if (failure instanceof CopilotzApiException) {
      CopilotzApiException api = (CopilotzApiException) failure;
      return error(
          "api_error",
          "Copilotz answered HTTP " + api.statusCode() + ": " + api.errorMessage(),
          Map.of("status", api.statusCode()));
    }
    if (failure instanceof CopilotzTimeoutException || failure instanceof CopilotzIOException) {
      return error(
          "unavailable",
          "Copilotz could not be reached or did not answer in time. Try again in a moment.",
          Map.of());
    }
    if (failure instanceof CopilotzException) {
      return error("error", failure.getMessage(), Map.of());
    }
    return error(
        "internal_error",
        "The MCP server failed ("
            + failure.getClass().getSimpleName()
            + "). Its log has the details.",
        Map.of());
  }
}
