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
 * error names the parameter, and nothing is sent), then builds the Retrofit call with the call's
 * {@link RequestOptions} as its tag, so the options travel on the request itself.
 */
final class Requests {
  private final TasksApi tasks;
  private final WorkflowsApi workflows;

  Requests(TasksApi tasks, WorkflowsApi workflows) {
    this.tasks = tasks;
    this.workflows = workflows;
  }

  Call<Task> createTask(CreateTaskRequest request, RequestOptions options) {
    checkCreate(request);
    return tasks.createTask(request, tag(options));
  }

  Call<Task> getTask(long id, RequestOptions options) {
    return tasks.getTask(requirePositive(id, "id"), null, tag(options));
  }

  /** The task, with the references in {@code populate} sent whole. */
  Call<Task> getTask(long id, Set<Populate> populate, RequestOptions options) {
    return tasks.getTask(requirePositive(id, "id"), Populate.queryValue(populate), tag(options));
  }

  Call<Task> updateTask(long id, UpdateTaskRequest request, RequestOptions options) {
    requirePositive(id, "id");
    checkUpdate(request);
    return tasks.updateTask(id, request, tag(options));
  }

  Call<DeleteTaskResponse> deleteTask(long id, RequestOptions options) {
    return tasks.deleteTask(requirePositive(id, "id"), tag(options));
  }

  /** The page of {@code query} at {@code offset}: its filters, {@code limit} (the page size) and offset. */
  Call<TaskList> listPage(TaskQuery query, int offset, RequestOptions options) {
    Objects.requireNonNull(query, "query");
    return tasks.listTasks(
        query.extId, query.workflow, query.currentStep, query.status, query.name, query.pageSize, offset,
        Populate.queryValue(query.populate), tag(options));
  }

  /** As {@link #listPage}, with the answer left unread, to be read as a stream. */
  Call<ResponseBody> listPageStream(TaskQuery query, int offset, RequestOptions options) {
    Objects.requireNonNull(query, "query");
    return tasks.listTasksStream(
        query.extId, query.workflow, query.currentStep, query.status, query.name, query.pageSize, offset,
        Populate.queryValue(query.populate), tag(options));
  }

  Call<Workflow> getWorkflow(long id, RequestOptions options) {
    return workflows.getWorkflow(requirePositive(id, "id"), tag(options));
  }

  Call<Step> getStep(long id, RequestOptions options) {
    return workflows.getStep(requirePositive(id, "id"), tag(options));
  }

  /**
   * The request's tag for {@code options}: none for {@link RequestOptions#NONE}, which is what a request
   * without the tag means, so that the common call adds nothing to its request.
   */
  private static RequestOptions tag(RequestOptions options) {
    return options == RequestOptions.NONE ? null : Objects.requireNonNull(options, "options");
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
   * its database; this says which field is missing instead, before anything is sent.
   */
  static void checkCreate(CreateTaskRequest request) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(request.getExtId(), "request.extId is required");
    requireNonBlank(request.getExtId(), "request.extId");
    Objects.requireNonNull(request.getStatus(), "request.status is required");
    Objects.requireNonNull(request.getName(), "request.name is required");
    Objects.requireNonNull(request.getDescription(), "request.description is required");
    checkOptionalId(request.getWorkflow(), "request.workflow");
    checkOptionalId(request.getCurrentStep(), "request.currentStep");
  }

  /**
   * An update must set at least one field (an empty {@code context} counts as unset: it is never sent), and
   * may not set a blank {@code extId} or a non-positive id.
   */
  static void checkUpdate(UpdateTaskRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.getExtId() != null) {
      requireNonBlank(request.getExtId(), "request.extId");
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

  private static void checkOptionalId(Long id, String name) {
    if (id != null) {
      requirePositive(id, name);
    }
  }
}
