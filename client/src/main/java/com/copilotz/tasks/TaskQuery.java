package com.copilotz.tasks;

import com.copilotz.tasks.model.TaskStatus;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which tasks {@link TasksClient#listTasks(TaskQuery)} returns: equality filters on task fields, all of which
 * must match, and the page size used to fetch them. Immutable and thread-safe.
 *
 * <pre>{@code
 * TaskQuery query = TaskQuery.builder().workflow(2).status(TaskStatus.ACTIVE).build();
 * }</pre>
 */
public final class TaskQuery {
  /** The page size when none is set: 100 tasks per request. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  final String extId;
  final Long workflow;
  final Long currentStep;
  final TaskStatus status;
  final String name;
  final int pageSize;
  final Set<Populate> populate;

  private TaskQuery(Builder builder) {
    this.extId = builder.extId;
    this.workflow = builder.workflow;
    this.currentStep = builder.currentStep;
    this.status = builder.status;
    this.name = builder.name;
    this.pageSize = builder.pageSize;
    this.populate = Collections.unmodifiableSet(EnumSet.copyOf(builder.populate));
  }

  /**
   * Returns a builder with no filter (every task) and the {@linkplain #DEFAULT_PAGE_SIZE default page size}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the number of tasks asked for per request.
   *
   * @return the page size, at least 1
   */
  public int pageSize() {
    return pageSize;
  }

  /** True when the query matches every task. */
  boolean hasNoFilter() {
    return extId == null && workflow == null && currentStep == null && status == null && name == null;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof TaskQuery)) {
      return false;
    }
    TaskQuery that = (TaskQuery) other;
    return pageSize == that.pageSize
        && Objects.equals(extId, that.extId)
        && Objects.equals(workflow, that.workflow)
        && Objects.equals(currentStep, that.currentStep)
        && Objects.equals(status, that.status)
        && Objects.equals(name, that.name)
        && populate.equals(that.populate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(extId, workflow, currentStep, status, name, pageSize, populate);
  }

  @Override
  public String toString() {
    return "TaskQuery[extId=" + extId + ", workflow=" + workflow + ", currentStep=" + currentStep
        + ", status=" + status + ", name=" + name + ", pageSize=" + pageSize + ", populate=" + populate + "]";
  }

  /** Builds a {@link TaskQuery}. Each filter set narrows the result; setting one twice keeps the last. */
  public static final class Builder {
    private String extId;
    private Long workflow;
    private Long currentStep;
    private TaskStatus status;
    private String name;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private final Set<Populate> populate = EnumSet.noneOf(Populate.class);

    private Builder() {}

    /**
     * Only tasks with this external id.
     *
     * @param extId the external id
     * @return this builder
     * @throws NullPointerException if {@code extId} is null
     * @throws IllegalArgumentException if {@code extId} is blank
     */
    public Builder extId(String extId) {
      this.extId = Requests.requireNonBlank(extId, "extId");
      return this;
    }

    /**
     * Only tasks of this workflow.
     *
     * @param workflow the workflow id
     * @return this builder
     * @throws IllegalArgumentException if {@code workflow} is not positive
     */
    public Builder workflow(long workflow) {
      this.workflow = Requests.requirePositive(workflow, "workflow");
      return this;
    }

    /**
     * Only tasks at this step.
     *
     * @param currentStep the step id
     * @return this builder
     * @throws IllegalArgumentException if {@code currentStep} is not positive
     */
    public Builder currentStep(long currentStep) {
      this.currentStep = Requests.requirePositive(currentStep, "currentStep");
      return this;
    }

    /**
     * Only tasks with this status.
     *
     * @param status the status
     * @return this builder
     * @throws NullPointerException if {@code status} is null
     */
    public Builder status(TaskStatus status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    /**
     * Only tasks with exactly this name.
     *
     * @param name the name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * How many tasks to ask for per request; {@link #DEFAULT_PAGE_SIZE} when not set.
     *
     * @param pageSize the page size
     * @return this builder
     * @throws IllegalArgumentException if {@code pageSize} is less than 1
     */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Asks the server to send these references of each task whole ({@code _populate}): read them with
     * {@link com.copilotz.tasks.model.Task#populatedWorkflow()} and
     * {@link com.copilotz.tasks.model.Task#populatedCurrentStep()}; the ids stay where they are. Adds to the
     * references asked for before.
     *
     * @param references the references to populate
     * @return this builder
     * @throws NullPointerException if {@code references} or one of them is null
     */
    public Builder populate(Populate... references) {
      populate.addAll(Populate.setOf("references", references));
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the query
     */
    public TaskQuery build() {
      return new TaskQuery(this);
    }
  }
}
