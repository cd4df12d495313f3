package com.copilotz.tasks.mcp.internal.tools;

import com.copilotz.tasks.At;
import com.copilotz.tasks.Populate;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.TasksObserver;
import com.copilotz.tasks.Until;
import com.copilotz.tasks.errors.WaitFailedException;
import com.copilotz.tasks.errors.WaitTimeoutException;
import com.copilotz.tasks.mcp.internal.server.ServerSettings;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The MCP tools over a {@link TasksClient}: each tool's name, description and input schema, and the
 * handler that reads its arguments ({@link Arguments}), calls the SDK, and answers with the task(s)
 * or a tool error ({@link ToolAnswers}). Each call is an operation of the client's {@link
 * TasksObserver}, named {@code mcp.<tool>}.
 */
public final class TaskTools {
  /** The references {@code get_task} can send whole, by their API names. */
  private static final Set<String> POPULATE =
      new LinkedHashSet<>(List.of("workflow", "currentStep"));

  private static final String GUARD =
      " Give expectedStep (and expectedStatus) as you last saw the task to make the move safe: when the"
          + " agent moved the task meanwhile, nothing is written and the answer says where the task is now.";

  private final TasksClient client;
  private final ServerSettings settings;
  private final TaskJson json;
  private final ToolAnswers answers;
  private final @Nullable TasksObserver observer;

  /**
   * Tools over {@code client}.
   *
   * @param client the client every tool calls
   * @param settings the server's settings
   * @param json how tasks are shown
   */
  public TaskTools(TasksClient client, ServerSettings settings, TaskJson json) {
    this.client = client;
    this.settings = settings;
    this.json = json;
    this.answers = new ToolAnswers(json);
    this.observer = client.observer().orElse(null);
  }

  /**
   * The tools, in the order {@code tools/list} shows them.
   *
   * @return their specifications
   */
  public List<SyncToolSpecification> specifications() {
    long maxAwait = settings.maxAwait().toSeconds();
    int maxList = settings.maxListLimit();
    List<SyncToolSpecification> tools = new ArrayList<>();
    tools.add(
        tool(
            "list_tasks",
            "List tasks",
            "List Copilotz tasks, filtered by workflow, current step, status, extId or name (all"
                + " optional, combined with AND), in ascending _id order. At most 'limit' tasks come back"
                + " (default 20, at most "
                + maxList
                + "); when there are more, the answer has 'nextCursor': pass it as 'cursor', with the same"
                + " filters, to get the next ones.",
            Schema.object()
                .property("workflow", Schema.id("Only tasks of this workflow (its _id)."))
                .property("currentStep", Schema.id("Only tasks at this step (its _id)."))
                .property("status", Schema.status("Only tasks with this status."))
                .property("extId", Schema.text("Only the task with this external id."))
                .property("name", Schema.text("Only tasks with exactly this name."))
                .property(
                    "limit",
                    Schema.integer("How many tasks to return at most (default 20).", 1, maxList))
                .property(
                    "cursor",
                    Schema.text("The nextCursor of the previous answer, for the next tasks."))
                .build(),
            true,
            this::listTasks));
    tools.add(
        tool(
            "get_task",
            "Get a task",
            "Read one Copilotz task by its _id: its workflow, current step, status, name, description"
                + " and context. 'populate' sends the workflow and/or current step whole instead of their"
                + " ids (the step's 'next' tells where an advance goes). A failed task has 'failure': the"
                + " step and reason the agent recorded.",
            Schema.object()
                .property("id", Schema.id("The task's _id."))
                .property(
                    "populate",
                    Schema.array(
                        "References to send whole: workflow, currentStep.",
                        Schema.choice("A reference.", POPULATE)))
                .require("id")
                .build(),
            true,
            this::getTask));
    tools.add(
        tool(
            "create_task",
            "Create a task",
            "Create a Copilotz task in a workflow. It starts at the workflow's first step with status"
                + " 'active' unless currentStep or status say otherwise; the Copilotz agent then works it."
                + " Give an extId (your own system's id for it) to find it again with list_tasks and to"
                + " make a repeated create safe; without one it gets mcp-<random>.",
            Schema.object()
                .property("name", Schema.text("The task's name."))
                .property("workflow", Schema.id("The workflow's _id."))
                .property("description", Schema.text("What the task is about."))
                .property("extId", Schema.text("Your own id for the task."))
                .property(
                    "currentStep", Schema.id("The step to start at (its _id); default: the first."))
                .property("status", Schema.status("The status to start with; default: active."))
                .property(
                    "context",
                    Schema.anyObject(
                        "Data for the agent and the steps: a JSON object with at least one key."))
                .require("name", "workflow", "description")
                .build(),
            false,
            this::createTask));
    tools.add(
        tool(
            "update_task",
            "Update a task",
            "Change a task's name, description, extId or context; it never moves the task (use"
                + " advance_task, complete_task, fail_task or cancel_task for that). The context is merged"
                + " shallowly: each top-level key you send replaces that key, keys you do not send are kept,"
                + " an array replaces the whole value, and top-level scalar values are stored as text. Send"
                + " at least one field.",
            Schema.object()
                .property("id", Schema.id("The task's _id."))
                .property("name", Schema.text("The new name."))
                .property("description", Schema.text("The new description."))
                .property("extId", Schema.text("The new external id."))
                .property(
                    "context",
                    Schema.anyObject("Keys to set in the task's context (merged as described)."))
                .require("id")
                .build(),
            false,
            this::updateTask));
    tools.add(
        tool(
            "advance_task",
            "Advance a task",
            "Move a task to its current step's next step, merging 'context' into its context; at a last"
                + " step (no next) this completes the task."
                + GUARD,
            guarded()
                .property("context", Schema.anyObject("Keys to merge into the context."))
                .build(),
            false,
            this::advanceTask));
    tools.add(
        tool(
            "complete_task",
            "Complete a task",
            "Mark a task completed, whatever its step." + GUARD,
            guarded().build(),
            false,
            this::completeTask));
    tools.add(
        tool(
            "fail_task",
            "Fail a task",
            "Mark a task failed with a reason: it moves to its step's failure step when the workflow"
                + " has one, and the reason is kept in its context as failureReason."
                + GUARD,
            guarded()
                .property("reason", Schema.text("Why the task failed."))
                .require("reason")
                .build(),
            false,
            this::failTask));
    tools.add(
        tool(
            "cancel_task",
            "Cancel a task",
            "Mark a task cancelled; nothing else changes." + GUARD,
            guarded().build(),
            false,
            this::cancelTask));
    tools.add(
        tool(
            "await_task",
            "Wait for a task",
            "Wait, up to timeoutSeconds (at most "
                + maxAwait
                + "), until a task reaches one of the statuses in 'status' or steps in 'currentStep'"
                + " (default: until it is completed). The answer's outcome is 'met' (the task is there),"
                + " 'failed' (it was failed or cancelled instead), or 'still_running' (time ran out; call"
                + " await_task again to go on waiting: nothing is lost). Sends progress notifications"
                + " while it waits.",
            Schema.object()
                .property("id", Schema.id("The task's _id."))
                .property(
                    "status",
                    Schema.array("Statuses that end the wait.", Schema.status("A status.")))
                .property(
                    "currentStep",
                    Schema.array(
                        "Steps (their _id) that end the wait.", Schema.id("A step's _id.")))
                .property(
                    "timeoutSeconds",
                    Schema.integer(
                        "How long to wait at most, in seconds (default " + maxAwait + ").",
                        1,
                        maxAwait))
                .require("id")
                .build(),
            true,
            this::awaitTask));
    return tools;
  }

  private static Schema.ObjectBuilder guarded() {
    return Schema.object()
        .property("id", Schema.id("The task's _id."))
        .property(
            "expectedStep", Schema.id("The step (its _id) the task is at as you last saw it."))
        .property(
            "expectedStatus",
            Schema.status("The status the task has as you last saw it; needs expectedStep."))
        .require("id");
  }

  private SyncToolSpecification tool(
      String name,
      String title,
      String description,
      Map<String, Object> inputSchema,
      boolean readOnly,
      Function<ToolCall, Map<String, Object>> body) {
    @SuppressWarnings("unchecked")
    Set<String> known = ((Map<String, Object>) inputSchema.get("properties")).keySet();
    Tool tool =
        Tool.builder()
            .name(name)
            .title(title)
            .description(description)
            .inputSchema(inputSchema)
            .annotations(new ToolAnnotations(title, readOnly, false, readOnly, true, null))
            .build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler((exchange, request) -> call(name, known, body, exchange, request))
        .build();
  }

  private CallToolResult call(
      String name,
      Set<String> known,
      Function<ToolCall, Map<String, Object>> body,
      McpSyncServerExchange exchange,
      CallToolRequest request) {
    Long taskId = peekId(request.arguments());
    TasksObserver.Operation operation = started(name, taskId);
    Throwable failure = null;
    try {
      return answers.result(
          body.apply(
              new ToolCall(
                  exchange, Arguments.of(request.arguments(), known), request.progressToken())));
    } catch (RuntimeException e) {
      failure = e;
      return answers.failure(e, taskId);
    } finally {
      ended(operation, failure);
    }
  }

  private TasksObserver.@Nullable Operation started(String tool, @Nullable Long taskId) {
    if (observer == null) {
      return null;
    }
    try {
      return observer.operationStarted(
          new TasksObserver.OperationStart("mcp." + tool, taskId, null, false));
    } catch (RuntimeException ignored) {
      return null;
    }
  }

  private static void ended(
      TasksObserver.@Nullable Operation operation, @Nullable Throwable failure) {
    if (operation != null) {
      try {
        operation.operationEnded(failure);
      } catch (RuntimeException ignored) {
        // An observer's failure is never the tool's.
      }
    }
  }

  private static @Nullable Long peekId(@Nullable Map<String, Object> arguments) {
    Object id = arguments == null ? null : arguments.get("id");
    return id instanceof Integer || id instanceof Long ? ((Number) id).longValue() : null;
  }

  /** One call of a tool: its exchange with the client, its arguments, its progress token. */
  private record ToolCall(
      McpSyncServerExchange exchange, Arguments arguments, @Nullable Object progressToken) {}

  // ----- the tools

  private Map<String, Object> listTasks(ToolCall call) {
    Arguments args = call.arguments();
    TaskQuery.Builder query = TaskQuery.builder();
    Long workflow = args.optionalId("workflow");
    Long step = args.optionalId("currentStep");
    TaskStatus status = args.optionalStatus("status");
    String extId = args.optionalText("extId");
    String name = args.optionalText("name");
    int limit =
        args.intInRange("limit", 1, settings.maxListLimit(), Math.min(20, settings.maxListLimit()));
    if (workflow != null) {
      query.workflow(workflow);
    }
    if (step != null) {
      query.currentStep(step);
    }
    if (status != null) {
      query.status(status);
    }
    if (extId != null) {
      query.extId(extId);
    }
    if (name != null) {
      query.name(name);
    }
    TaskQuery built = query.build();
    String cursorText = args.optionalText("cursor");
    long after = cursorText == null ? 0 : ListCursor.read(cursorText, built);
    List<Task> page = firstAfter(built, after, limit + 1);
    Map<String, Object> answer = new LinkedHashMap<>();
    List<Object> tasks = new ArrayList<>();
    for (Task task : page.subList(0, Math.min(limit, page.size()))) {
      tasks.add(json.toJson(task));
    }
    answer.put("tasks", tasks);
    answer.put("count", tasks.size());
    if (page.size() > limit) {
      answer.put("nextCursor", ListCursor.write(page.get(limit - 1).getId(), built));
    }
    return answer;
  }

  /**
   * The first {@code count} tasks of the query with an id above {@code after}, in id order: the
   * server answers the whole set, so this keeps the {@code count} smallest as they stream past.
   */
  List<Task> firstAfter(TaskQuery query, long after, int count) {
    Comparator<Task> byId = Comparator.comparingLong(Task::getId);
    PriorityQueue<Task> smallest = new PriorityQueue<>(count, byId.reversed());
    client
        .listTasks(query)
        .filter(task -> task.getId() != null && task.getId() > after)
        .forEach(
            task -> {
              if (smallest.size() < count) {
                smallest.add(task);
              } else if (task.getId() < smallest.peek().getId()) {
                smallest.poll();
                smallest.add(task);
              }
            });
    List<Task> sorted = new ArrayList<>(smallest);
    sorted.sort(byId);
    return sorted;
  }

  private Map<String, Object> getTask(ToolCall call) {
    Arguments args = call.arguments();
    long id = args.requiredId("id");
    List<String> populate = args.choices("populate", POPULATE);
    Task task;
    if (populate.isEmpty()) {
      task = client.getTask(id);
    } else {
      List<Populate> references = new ArrayList<>();
      for (String reference : new LinkedHashSet<>(populate)) {
        references.add(reference.equals("workflow") ? Populate.WORKFLOW : Populate.CURRENT_STEP);
      }
      task =
          client.getTask(
              id,
              references.get(0),
              references.subList(1, references.size()).toArray(new Populate[0]));
    }
    return Map.of("task", json.toJson(task));
  }

  private Map<String, Object> createTask(ToolCall call) {
    Arguments args = call.arguments();
    String extId = args.optionalText("extId");
    CreateTaskRequest request =
        new CreateTaskRequest()
            .name(args.requiredText("name"))
            .workflow(args.requiredId("workflow"))
            .description(args.requiredText("description"))
            .extId(extId == null ? "mcp-" + UUID.randomUUID() : extId)
            .currentStep(args.optionalId("currentStep"))
            .status(args.optionalStatus("status"))
            .context(args.optionalObject("context"));
    return Map.of("task", json.toJson(client.createTask(request)));
  }

  private Map<String, Object> updateTask(ToolCall call) {
    Arguments args = call.arguments();
    long id = args.requiredId("id");
    UpdateTaskRequest request =
        new UpdateTaskRequest()
            .name(args.optionalText("name"))
            .description(args.optionalText("description"))
            .extId(args.optionalText("extId"))
            .context(args.optionalObject("context"));
    if (!args.has("name")
        && !args.has("description")
        && !args.has("extId")
        && !args.has("context")) {
      throw new InvalidArgumentException(
          "Give at least one of 'name', 'description', 'extId' or 'context' to change.");
    }
    return Map.of("task", json.toJson(client.updateTask(id, request)));
  }

  private Map<String, Object> advanceTask(ToolCall call) {
    Arguments args = call.arguments();
    long id = args.requiredId("id");
    At at = at(args);
    Map<String, Object> patch = args.optionalObject("context");
    Task task;
    if (at == null) {
      task = patch == null ? client.advance(id) : client.advance(id, patch);
    } else {
      task = patch == null ? client.advance(id, at) : client.advance(id, at, patch);
    }
    return Map.of("task", json.toJson(task));
  }

  private Map<String, Object> completeTask(ToolCall call) {
    Arguments args = call.arguments();
    long id = args.requiredId("id");
    At at = at(args);
    return Map.of("task", json.toJson(at == null ? client.complete(id) : client.complete(id, at)));
  }

  private Map<String, Object> failTask(ToolCall call) {
    Arguments args = call.arguments();
    long id = args.requiredId("id");
    String reason = args.requiredText("reason");
    At at = at(args);
    return Map.of(
        "task", json.toJson(at == null ? client.fail(id, reason) : client.fail(id, at, reason)));
  }

  private Map<String, Object> cancelTask(ToolCall call) {
    Arguments args = call.arguments();
    long id = args.requiredId("id");
    At at = at(args);
    return Map.of("task", json.toJson(at == null ? client.cancel(id) : client.cancel(id, at)));
  }

  private static @Nullable At at(Arguments args) {
    Long step = args.optionalId("expectedStep");
    TaskStatus status = args.optionalStatus("expectedStatus");
    if (step == null) {
      if (status != null) {
        throw new InvalidArgumentException("'expectedStatus' needs 'expectedStep' too.");
      }
      return null;
    }
    return status == null ? At.step(step) : At.step(step).withStatus(status);
  }

  private Map<String, Object> awaitTask(ToolCall call) {
    Arguments args = call.arguments();
    long id = args.requiredId("id");
    List<TaskStatus> statuses = args.statuses("status");
    List<Long> steps = args.ids("currentStep");
    long maxAwait = settings.maxAwait().toSeconds();
    int seconds = args.intInRange("timeoutSeconds", 1, Integer.MAX_VALUE, (int) maxAwait);
    if (seconds > maxAwait) {
      throw new InvalidArgumentException(
          "'timeoutSeconds' must be at most "
              + maxAwait
              + " (MCP clients give up on a tool call after about a minute); to wait longer, call"
              + " await_task again when it answers still_running.");
    }
    Duration timeout = Duration.ofSeconds(seconds);
    Until until = Until.reaching(statuses, steps).timeout(timeout);
    Object progressToken = call.progressToken();
    long started = System.nanoTime();
    CompletableFuture<Task> wait = client.async().awaitTask(id, until);
    try {
      while (true) {
        if (progressToken != null) {
          progress(call.exchange(), progressToken, started, timeout, id);
        }
        try {
          Task task = wait.get(settings.progressInterval().toNanos(), TimeUnit.NANOSECONDS);
          return awaited("met", task, started);
        } catch (TimeoutException stillWaiting) {
          // Tell the client again, then wait on.
        }
      }
    } catch (InterruptedException e) {
      wait.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("The wait was interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof WaitTimeoutException) {
        Task last = ((WaitTimeoutException) cause).lastTask().orElse(null);
        return awaited("still_running", last, started);
      }
      if (cause instanceof WaitFailedException) {
        return awaited("failed", ((WaitFailedException) cause).task(), started);
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  private void progress(
      McpSyncServerExchange exchange, Object token, long started, Duration timeout, long id) {
    double elapsed = (System.nanoTime() - started) / 1e9;
    try {
      exchange.progressNotification(
          new ProgressNotification(
              token,
              Math.min(elapsed, timeout.toSeconds()),
              (double) timeout.toSeconds(),
              "Waiting for task " + id + " (" + Math.round(elapsed) + " s so far)"));
    } catch (RuntimeException ignored) {
      // A client that is gone is told nothing; the wait goes on until its bound.
    }
  }

  private Map<String, Object> awaited(String outcome, @Nullable Task task, long started) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("outcome", outcome);
    if (task != null) {
      answer.put("task", json.toJson(task));
    }
    answer.put("waitedSeconds", Math.round((System.nanoTime() - started) / 1e9));
    if (outcome.equals("still_running")) {
      answer.put("next", "Call await_task again with the same arguments to go on waiting.");
    }
    return answer;
  }
}
