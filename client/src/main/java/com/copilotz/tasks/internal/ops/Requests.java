package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.Populate;
import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.internal.api.TasksApi;
import com.copilotz.tasks.internal.api.WorkflowsApi;
import com.copilotz.tasks.internal.auth.BearerAuth;
import com.copilotz.tasks.internal.http.CallContext;
import com.copilotz.tasks.internal.wire.DeleteTaskResponse;
import com.copilotz.tasks.internal.wire.TaskList;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import okhttp3.ResponseBody;
import retrofit2.Call;

/**
 * Builds the runner of the API, for both facades: it checks each argument first (the error names
 * the parameter, and nothing is sent), then builds the Retrofit call with the runner's {@link
 * CallContext} as its tag, and the header of the token already known, so that Retrofit builds each
 * request whole.
 */
public final class Requests {
  private final TasksApi tasks;
  private final WorkflowsApi workflows;
  private final BearerAuth auth;
  private final ContextCoercion coercion = new ContextCoercion();

  /**
   * The builder of the runner of these services.
   *
   * @param tasks the tasks service
   * @param workflows the workflows and steps service
   * @param auth the source of the known token's header
   */
  public Requests(TasksApi tasks, WorkflowsApi workflows, BearerAuth auth) {
    this.tasks = tasks;
    this.workflows = workflows;
    this.auth = auth;
  }

  Call<Task> createTask(CreateTaskRequest request, CallRunner runner) {
    Checks.checkCreate(request);
    return tasks.createTask(request, auth.known(), context(runner));
  }

  Call<Task> getTask(long id, CallRunner runner) {
    return tasks.getTask(Checks.requirePositive(id, "id"), null, auth.known(), context(runner));
  }

  /** The task, read with {@code options} instead of the runner's (the reads of a wait). */
  Call<Task> getTask(long id, CallRunner runner, RequestOptions options) {
    return tasks.getTask(
        Checks.requirePositive(id, "id"),
        null,
        auth.known(),
        CallContext.of(options, runner.operation()));
  }

  /** The task, with the references in {@code populate} sent whole. */
  Call<Task> getTask(long id, Set<Populate> populate, CallRunner runner) {
    return tasks.getTask(
        Checks.requirePositive(id, "id"), populateValue(populate), auth.known(), context(runner));
  }

  Call<Task> updateTask(long id, UpdateTaskRequest request, CallRunner runner) {
    Checks.requirePositive(id, "id");
    Checks.checkUpdate(request);
    coercion.warnOnUpdate(request.getContext());
    return tasks.updateTask(id, request, auth.known(), context(runner));
  }

  Call<DeleteTaskResponse> deleteTask(long id, CallRunner runner) {
    return tasks.deleteTask(Checks.requirePositive(id, "id"), auth.known(), context(runner));
  }

  /**
   * The page of {@code query} at {@code offset}: its filters, {@code limit} (the page size) and
   * offset.
   */
  Call<TaskList> listPage(TaskQuery query, int offset, CallRunner runner) {
    Objects.requireNonNull(query, "query");
    return tasks.listTasks(
        query.extId().orElse(null),
        boxed(query.workflow()),
        boxed(query.currentStep()),
        query.status().orElse(null),
        query.name().orElse(null),
        query.pageSize(),
        offset,
        populateValue(query.populate()),
        auth.known(),
        context(runner));
  }

  /** As {@link #listPage}, with the answer left unread, to be read as a stream. */
  Call<ResponseBody> listPageStream(TaskQuery query, int offset, CallRunner runner) {
    Objects.requireNonNull(query, "query");
    return tasks.listTasksStream(
        query.extId().orElse(null),
        boxed(query.workflow()),
        boxed(query.currentStep()),
        query.status().orElse(null),
        query.name().orElse(null),
        query.pageSize(),
        offset,
        populateValue(query.populate()),
        auth.known(),
        context(runner));
  }

  Call<Workflow> getWorkflow(long id, CallRunner runner) {
    return workflows.getWorkflow(Checks.requirePositive(id, "id"), auth.known(), context(runner));
  }

  Call<Step> getStep(long id, CallRunner runner) {
    return workflows.getStep(Checks.requirePositive(id, "id"), auth.known(), context(runner));
  }

  private static Long boxed(java.util.OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }

  /**
   * The request's tag for the runner of a runner: none for an unobserved operation without options.
   */
  private static CallContext context(CallRunner runner) {
    return CallContext.of(Objects.requireNonNull(runner.options(), "options"), runner.operation());
  }

  /** The {@code _populate} query value for {@code references}, or null when there is none. */
  static String populateValue(Set<Populate> references) {
    if (references.isEmpty()) {
      return null;
    }
    StringJoiner value = new StringJoiner(",");
    for (Populate reference : Populate.values()) {
      if (references.contains(reference)) {
        value.add(reference.field());
      }
    }
    return value.toString();
  }
}
