package com.copilotz.tasks.mcp.internal.resources;

import com.copilotz.tasks.TaskEvent;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TaskWatch;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.WatchListener;
import com.copilotz.tasks.mcp.internal.server.ServerSettings;
import com.copilotz.tasks.mcp.internal.tools.TaskJson;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The resources: one task ({@code copilotz://tasks/{id}}) and the tasks of a query ({@code
 * copilotz://tasks?workflow=..&currentStep=..&status=..}, and {@code copilotz://tasks} for all), as
 * JSON. Reading a resource starts a watch of it ({@link TaskWatch}), so that a client that
 * subscribes to it is told of each real change ({@code notifications/resources/updated}): at most
 * {@link ServerSettings#maxWatchedResources()} are watched at once, the least recently read
 * stopping first.
 */
public final class TaskResources implements AutoCloseable {
  static final String SCHEME = "copilotz://tasks";
  private static final String JSON = "application/json";

  private final TasksClient client;
  private final ServerSettings settings;
  private final TaskJson json;
  private final Consumer<String> updated;
  private final Map<String, TaskWatch> watches;
  private boolean closed;

  /**
   * Resources over {@code client}.
   *
   * @param client the client that reads and watches the tasks
   * @param settings the server's settings
   * @param json how tasks are shown
   * @param updated told the URI of a watched resource that changed
   */
  public TaskResources(
      TasksClient client, ServerSettings settings, TaskJson json, Consumer<String> updated) {
    this.client = client;
    this.settings = settings;
    this.json = json;
    this.updated = updated;
    this.watches =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, TaskWatch> eldest) {
            if (size() > settings.maxWatchedResources()) {
              eldest.getValue().close();
              return true;
            }
            return false;
          }
        };
  }

  /**
   * The resource {@code copilotz://tasks}: every task, as far as the listing bound.
   *
   * @return its specification
   */
  public SyncResourceSpecification allTasks() {
    Resource resource =
        Resource.builder()
            .uri(SCHEME)
            .name("tasks")
            .title("All tasks")
            .description(
                "Every Copilotz task (the first "
                    + settings.maxListLimit()
                    + " by _id). Subscribe to be told when any changes.")
            .mimeType(JSON)
            .build();
    return new SyncResourceSpecification(
        resource, (exchange, request) -> readQuery(request.uri(), TaskQuery.builder().build()));
  }

  /**
   * The resource templates: a task, and a query's tasks.
   *
   * @return their specifications
   */
  public List<SyncResourceTemplateSpecification> templates() {
    ResourceTemplate task =
        ResourceTemplate.builder()
            .uriTemplate(SCHEME + "/{id}")
            .name("task")
            .title("A task")
            .description(
                "One Copilotz task by its _id, as get_task shows it. Subscribe to be told when the"
                    + " agent (or anyone) moves or changes it.")
            .mimeType(JSON)
            .build();
    ResourceTemplate query =
        ResourceTemplate.builder()
            .uriTemplate(SCHEME + "{?workflow,currentStep,status}")
            .name("task-query")
            .title("Tasks of a workflow, step or status")
            .description(
                "The tasks with this workflow, current step and/or status (the first "
                    + settings.maxListLimit()
                    + " by _id). Subscribe to be told when one appears, moves or changes.")
            .mimeType(JSON)
            .build();
    return List.of(
        new SyncResourceTemplateSpecification(task, (exchange, request) -> readTask(request.uri())),
        new SyncResourceTemplateSpecification(
            query, (exchange, request) -> readQuery(request.uri(), query(request.uri()))));
  }

  private ReadResourceResult readTask(String uri) {
    long id = taskId(uri);
    Task task;
    try {
      task = client.getTask(id);
    } catch (com.copilotz.tasks.errors.NotFoundException e) {
      throw McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND)
          .message("Task " + id + " was not found")
          .data(Map.of("uri", uri))
          .build();
    }
    if (task.getWorkflow() != null) {
      follow(uri, TaskQuery.builder().workflow(task.getWorkflow()).build(), id);
    }
    return contents(uri, json.toJson(task));
  }

  private ReadResourceResult readQuery(String uri, TaskQuery query) {
    List<Task> tasks =
        client
            .listTasks(query)
            .sorted(Comparator.comparingLong(Task::getId))
            .limit(settings.maxListLimit() + 1L)
            .collect(Collectors.toList());
    boolean truncated = tasks.size() > settings.maxListLimit();
    List<Object> shown = new ArrayList<>();
    for (Task task : tasks.subList(0, Math.min(tasks.size(), settings.maxListLimit()))) {
      shown.add(json.toJson(task));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tasks", shown);
    body.put("count", shown.size());
    body.put("truncated", truncated);
    follow(uri, query, null);
    return contents(uri, body);
  }

  private ReadResourceResult contents(String uri, Object body) {
    return new ReadResourceResult(List.of(new TextResourceContents(uri, JSON, json.write(body))));
  }

  /** Watches {@code query} for {@code uri}, unless it is watched already. */
  private synchronized void follow(String uri, TaskQuery query, @Nullable Long taskId) {
    if (closed) {
      return;
    }
    if (watches.get(uri) != null) { // a read counts as a use: the least recently read stops first
      return;
    }
    TaskWatch watch =
        client
            .watch(query)
            .interval(settings.watchInterval())
            .start(
                new WatchListener() {
                  @Override
                  public void onEvent(TaskEvent event) {
                    if (taskId == null || event.taskId() == taskId) {
                      updated.accept(uri);
                    }
                  }
                });
    watches.put(uri, watch);
  }

  /** How many resources are watched now. */
  public synchronized int watched() {
    return watches.size();
  }

  /** Stops every watch. */
  @Override
  public synchronized void close() {
    closed = true;
    watches.values().forEach(TaskWatch::close);
    watches.clear();
  }

  private static long taskId(String uri) {
    String tail = uri.substring(SCHEME.length() + 1);
    try {
      long id = Long.parseLong(tail);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // Refused below.
    }
    throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
        .message("A task's URI is copilotz://tasks/{id}, with a positive whole id: " + uri)
        .build();
  }

  /** The query of {@code copilotz://tasks?workflow=..&currentStep=..&status=..}. */
  static TaskQuery query(String uri) {
    TaskQuery.Builder query = TaskQuery.builder();
    String queryString = uri.startsWith(SCHEME + "?") ? uri.substring(SCHEME.length() + 1) : "";
    for (String pair : queryString.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value =
          equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      try {
        switch (name) {
          case "workflow":
            query.workflow(Long.parseLong(value));
            break;
          case "currentStep":
            query.currentStep(Long.parseLong(value));
            break;
          case "status":
            TaskStatus status = TaskStatus.of(value);
            if (!status.isKnown()) {
              throw new IllegalArgumentException("unknown status " + value);
            }
            query.status(status);
            break;
          default:
            throw new IllegalArgumentException(
                "unknown parameter " + name + " (workflow, currentStep, status)");
        }
      } catch (IllegalArgumentException e) {
        throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
            .message("Not a task query: " + uri + ": " + e.getMessage())
            .build();
      }
    }
    return query.build();
  }
}
