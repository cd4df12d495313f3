package com.copilotz.tasks;

import com.copilotz.tasks.internal.api.TasksApi;
import com.copilotz.tasks.internal.api.WorkflowsApi;
import com.copilotz.tasks.internal.wire.DeleteTaskResponse;
import com.copilotz.tasks.internal.wire.TaskList;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import java.util.Objects;
import java.util.Set;
import okhttp3.ResponseBody;
import retrofit2.Call;

/**
 * The one place that builds the calls of the API, for both facades: it checks each argument first (the
 * error names the parameter, and nothing is sent), then builds the Retrofit call with the operation's
 * context as its tag (its {@link RequestOptions}, and its observation when it is observed), so that they
 * travel on the request itself.
 */
final class Requests {
  private final TasksApi tasks;
  private final WorkflowsApi workflows;
  private final BearerHeaders bearer;
  private final ContextCoercion coercion = new ContextCoercion();

  Requests(TasksApi tasks, WorkflowsApi workflows, BearerHeaders bearer) {
    this.tasks = tasks;
    this.workflows = workflows;
    this.bearer = bearer;
  }

  Call<Task> createTask(CreateTaskRequest request, Calls calls) {
    checkCreate(request);
    return tasks.createTask(request, bearer.known(), tag(calls));
  }

  Call<Task> getTask(long id, Calls calls) {
    return tasks.getTask(requirePositive(id, "id"), null, bearer.known(), tag(calls));
  }

  /** The task, with the references in {@code populate} sent whole. */
  Call<Task> getTask(long id, Set<Populate> populate, Calls calls) {
    return tasks.getTask(requirePositive(id, "id"), Populate.queryValue(populate), bearer.known(), tag(calls));
  }

  Call<Task> updateTask(long id, UpdateTaskRequest request, Calls calls) {
    requirePositive(id, "id");
    checkUpdate(request);
    coercion.warnOnUpdate(request.getContext());
    return tasks.updateTask(id, request, bearer.known(), tag(calls));
  }

  Call<DeleteTaskResponse> deleteTask(long id, Calls calls) {
    return tasks.deleteTask(requirePositive(id, "id"), bearer.known(), tag(calls));
  }

  /** The page of {@code query} at {@code offset}: its filters, {@code limit} (the page size) and offset. */
  Call<TaskList> listPage(TaskQuery query, int offset, Calls calls) {
    Objects.requireNonNull(query, "query");
    return tasks.listTasks(
        query.extId, query.workflow, query.currentStep, query.status, query.name, query.pageSize, offset,
        Populate.queryValue(query.populate), bearer.known(), tag(calls));
  }

  /** As {@link #listPage}, with the answer left unread, to be read as a stream. */
  Call<ResponseBody> listPageStream(TaskQuery query, int offset, Calls calls) {
    Objects.requireNonNull(query, "query");
    return tasks.listTasksStream(
        query.extId, query.workflow, query.currentStep, query.status, query.name, query.pageSize, offset,
        Populate.queryValue(query.populate), bearer.known(), tag(calls));
  }

  Call<Workflow> getWorkflow(long id, Calls calls) {
    return workflows.getWorkflow(requirePositive(id, "id"), bearer.known(), tag(calls));
  }

  Call<Step> getStep(long id, Calls calls) {
    return workflows.getStep(requirePositive(id, "id"), bearer.known(), tag(calls));
  }

  /**
   * The request's tag for the calls of an operation: an {@link ObservedCall} when the operation is observed
   * (one per call: it carries the attempt under way), else its {@link RequestOptions}, or none for
   * {@link RequestOptions#NONE}, which is what a request without a tag means, so that the common call adds
   * nothing to its request.
   */
  private static Object tag(Calls calls) {
    RequestOptions options = Objects.requireNonNull(calls.options(), "options");
    TasksObserver.Operation operation = calls.operation();
    if (operation != null) {
      return new ObservedCall(options, operation);
    }
    return options == RequestOptions.NONE ? null : options;
  }

  static long requirePositive(long id, String name) {
    if (id <= 0) {
      throw new IllegalArgumentException(name + " must be a positive id, was " + id);
    }
    return id;
  }

  static String requireNonBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /**
   * The server answers a create without {@code extId}, {@code name} or {@code description} with a 500 from
   * its database, and stores a blank string as the string {@code "null"}; this says which field is missing or
   * blank instead, before anything is sent.
   */
  static void checkCreate(CreateTaskRequest request) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(request.getExtId(), "request.extId is required");
    requireStorable(request.getExtId(), "request.extId");
    Objects.requireNonNull(request.getStatus(), "request.status is required");
    requireStorable(request.getStatus().value(), "request.status");
    Objects.requireNonNull(request.getName(), "request.name is required");
    requireStorable(request.getName(), "request.name");
    Objects.requireNonNull(request.getDescription(), "request.description is required");
    requireStorable(request.getDescription(), "request.description");
    checkOptionalId(request.getWorkflow(), "request.workflow");
    checkOptionalId(request.getCurrentStep(), "request.currentStep");
  }

  /**
   * An update must set at least one field (an empty {@code context} counts as unset: it is never sent), and
   * may not set a blank {@code extId}, {@code status}, {@code name} or {@code description} (the server would
   * store the string {@code "null"}) or a non-positive id.
   */
  static void checkUpdate(UpdateTaskRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.getExtId() != null) {
      requireStorable(request.getExtId(), "request.extId");
    }
    if (request.getStatus() != null) {
      requireStorable(request.getStatus().value(), "request.status");
    }
    if (request.getName() != null) {
      requireStorable(request.getName(), "request.name");
    }
    if (request.getDescription() != null) {
      requireStorable(request.getDescription(), "request.description");
    }
    checkOptionalId(request.getWorkflow(), "request.workflow");
    checkOptionalId(request.getCurrentStep(), "request.currentStep");
    boolean setsSomething =
        request.getExtId() != null
            || request.getWorkflow() != null
            || request.getCurrentStep() != null
            || request.getStatus() != null
            || request.getName() != null
            || request.getDescription() != null
            || (request.getContext() != null && !request.getContext().isEmpty());
    if (!setsSomething) {
      throw new IllegalArgumentException("request sets no field to update");
    }
  }

  /** A text field the server stores as it is: not blank (it would store {@code ""} as the string "null"). */
  private static void requireStorable(String value, String name) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(
          name + " must not be blank (the server would store it as the string \"null\")");
    }
  }

  private static void checkOptionalId(Long id, String name) {
    if (id != null) {
      requirePositive(id, name);
    }
  }
}
