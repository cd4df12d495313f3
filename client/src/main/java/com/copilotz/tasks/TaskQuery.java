package com.copilotz.tasks;

import com.copilotz.tasks.internal.ops.Checks;
import com.copilotz.tasks.model.TaskStatus;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which tasks {@link TasksClient#listTasks(TaskQuery)} returns: equality filters on task fields,
 * all of which must match, and the page size used to fetch them. Immutable and thread-safe.
 *
 * <pre>{@code
 * TaskQuery query = TaskQuery.builder().workflow(2).status(TaskStatus.ACTIVE).build();
 * }</pre>
 */
public final class TaskQuery {
  /** The page size when none is set: 100 tasks per request. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  private final String extId;
  private final Long workflow;
  private final Long currentStep;
  private final TaskStatus status;
  private final String name;
  private final int pageSize;
  private final Set<Populate> populate;

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
   * Returns a builder with no filter (every task) and the {@linkplain #DEFAULT_PAGE_SIZE default
   * page size}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder with this query's filters, page size and references, to derive another query
   * from it.
   *
   * <pre>{@code
   * TaskQuery waiting = active.toBuilder().status(TaskStatus.PENDING).build();
   * }</pre>
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.extId = extId;
    builder.workflow = workflow;
    builder.currentStep = currentStep;
    builder.status = status;
    builder.name = name;
    builder.pageSize = pageSize;
    builder.populate.addAll(populate);
    return builder;
  }

  /**
   * Returns the number of tasks asked for per request.
   *
   * @return the page size, at least 1
   */
  public int pageSize() {
    return pageSize;
  }

  /**
   * The extId the tasks must have.
   *
   * @return the filter, or empty when there is none
   */
  public Optional<String> extId() {
    return Optional.ofNullable(extId);
  }

  /**
   * The workflow the tasks must be in.
   *
   * @return the workflow's id, or empty when there is no such filter
   */
  public OptionalLong workflow() {
    return workflow == null ? OptionalLong.empty() : OptionalLong.of(workflow);
  }

  /**
   * The step the tasks must be at.
   *
   * @return the step's id, or empty when there is no such filter
   */
  public OptionalLong currentStep() {
    return currentStep == null ? OptionalLong.empty() : OptionalLong.of(currentStep);
  }

  /**
   * The status the tasks must have.
   *
   * @return the filter, or empty when there is none
   */
  public Optional<TaskStatus> status() {
    return Optional.ofNullable(status);
  }

  /**
   * The name the tasks must have.
   *
   * @return the filter, or empty when there is none
   */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * The references the server sends whole for each task ({@code _populate}).
   *
   * @return the references; unmodifiable, empty when none
   */
  public Set<Populate> populate() {
    return populate;
  }

  /**
   * True when the query has no filter: it matches every task.
   *
   * @return whether every task matches
   */
  public boolean matchesEveryTask() {
    return extId == null
        && workflow == null
        && currentStep == null
        && status == null
        && name == null;
  }

  @Override
  public boolean equals(@Nullable Object other) {
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
    return "TaskQuery[extId="
        + extId
        + ", workflow="
        + workflow
        + ", currentStep="
        + currentStep
        + ", status="
        + status
        + ", name="
        + name
        + ", pageSize="
        + pageSize
        + ", populate="
        + populate
        + "]";
  }

  /**
   * Builds a {@link TaskQuery}. Each filter set narrows the result; setting one twice keeps the
   * last.
   */
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
      this.extId = Checks.requireNonBlank(extId, "extId");
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
      this.workflow = Checks.requirePositive(workflow, "workflow");
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
      this.currentStep = Checks.requirePositive(currentStep, "currentStep");
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
     * Asks the server to send these references of each task whole ({@code _populate}): read them
     * with {@link com.copilotz.tasks.model.Task#populatedWorkflow()} and {@link
     * com.copilotz.tasks.model.Task#populatedCurrentStep()}; the ids stay where they are. Adds to
     * the references asked for before.
     *
     * @param references the references to populate
     * @return this builder
     * @throws NullPointerException if {@code references} or one of them is null
     */
    public Builder populate(Populate... references) {
      populate.addAll(Checks.populateSet(references, "references"));
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
