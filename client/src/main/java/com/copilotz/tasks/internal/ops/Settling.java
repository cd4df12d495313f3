package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.At;
import com.copilotz.tasks.RawResponse;
import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.WorkflowField;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.TaskMovedException;
import com.copilotz.tasks.errors.UnconfirmedWriteException;
import com.copilotz.tasks.internal.http.CallExecutor;
import com.copilotz.tasks.internal.wire.TaskList;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;

/**
 * How a write whose outcome is unknown is settled, in one place: by reading what it would have
 * written, never by sending it blindly again. Decisions, and the {@link CallExecutor.Settlement}s
 * the engine runs for the SDK's two kinds of write:
 *
 * <ul>
 *   <li>a create ({@link #ofCreate}): the tasks with its extId are listed; one that holds every
 *       field the create sent is what it made; none, and it is sent again;
 *   <li>an update of a task, any PUT ({@link #ofUpdate}): the task is read. The update is there
 *       (every field it sets stored as writing it would store it, the server's coercions of the
 *       context included: {@link #applied}) → done, the task as read. Otherwise it is sent again
 *       only when the task is where the caller left it: at the place a guarded move expects; or,
 *       when the caller had read the task, at the same step and status; or, when the caller knew
 *       nothing of it, untouched since before the update was sent, which the task's {@code
 *       updatedAt} and the server's own clock (the read's {@code Date}) prove. A task that moved
 *       elsewhere is not written: a guarded move throws {@link TaskMovedException}, any other write
 *       {@link UnconfirmedWriteException} with the task, since sending it again could undo someone
 *       else's work. The moves send absolute values ({@code currentStep = 3}), so sending one again
 *       never moves a task two steps.
 * </ul>
 */
public final class Settling {
  /** A create's settling compares every field it sent, the workflow's too. */
  private static final Set<WorkflowField> EVERY_FIELD =
      Collections.unmodifiableSet(EnumSet.allOf(WorkflowField.class));

  private Settling() {}

  /**
   * Of the tasks with a create's extId, the newest that holds every field the create sent: what an
   * ambiguous create made, if it made anything.
   */
  static Optional<Task> createdBy(
      List<Task> tasks, CreateTaskRequest request, ObjectMapper mapper) {
    List<Task> matching = new ArrayList<>();
    for (Task task : tasks) {
      if (request.getExtId().equals(task.getExtId())
          && ExtIdMatching.difference(task, request, EVERY_FIELD, mapper) == null) {
        matching.add(task);
      }
    }
    return ExtIdMatching.newest(matching);
  }

  /**
   * True when {@code stored} holds every field {@code update} sets, as writing it would leave it:
   * text, status and references as sent, each context key as the server stores what was sent (see
   * {@link ContextCoercion}).
   */
  static boolean applied(Task stored, UpdateTaskRequest update, ObjectMapper mapper) {
    if ((update.getExtId() != null && !update.getExtId().equals(stored.getExtId()))
        || (update.getName() != null && !update.getName().equals(stored.getName()))
        || (update.getDescription() != null
            && !update.getDescription().equals(stored.getDescription()))
        || (update.getStatus() != null && !update.getStatus().equals(stored.getStatus()))
        || (update.getWorkflow() != null && !update.getWorkflow().equals(stored.getWorkflow()))
        || (update.getCurrentStep() != null
            && !update.getCurrentStep().equals(stored.getCurrentStep()))) {
      return false;
    }
    if (update.getContext() == null) {
      return true;
    }
    Map<String, Object> context = stored.getContext() == null ? Map.of() : stored.getContext();
    for (Map.Entry<String, Object> sent : update.getContext().entrySet()) {
      if (!context.containsKey(sent.getKey())
          || !ExtIdMatching.keeps(mapper, context.get(sent.getKey()), sent.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when {@code read} is where {@code before} left it: nothing written since ({@code
   * updatedAt} unchanged), or at the same step with the same status.
   */
  static boolean whereLeft(Task before, Task read) {
    return (before.getUpdatedAt() != null && before.getUpdatedAt().equals(read.getUpdatedAt()))
        || (Objects.equals(before.getCurrentStep(), read.getCurrentStep())
            && Objects.equals(before.getStatus(), read.getStatus()));
  }

  /**
   * True when {@code read} was provably written last before a write was sent: its {@code updatedAt}
   * is earlier than {@code serverDate} (the {@code Date} of the read's answer, the server's clock,
   * cut to the second) less {@code elapsedMillis} (from just before the write was sent to the
   * read's answer). The server received the write no earlier than that, so a write that was
   * applied, or anyone else's since, would have left a later {@code updatedAt}.
   */
  static boolean untouchedSinceSent(
      Task read, @Nullable ZonedDateTime serverDate, long elapsedMillis) {
    OffsetDateTime updatedAt = read.getUpdatedAt();
    return serverDate != null
        && updatedAt != null
        && updatedAt.toInstant().isBefore(serverDate.toInstant().minusMillis(elapsedMillis));
  }

  /**
   * The settlement of a create of {@code request}: the tasks with its extId, listed (the same list
   * call as any listing).
   *
   * @param requests the client's runner
   * @param runner the operation's runner
   * @param request the create
   * @param mapper the client's mapper
   * @return the settlement
   */
  static CallExecutor.Settlement<Task> ofCreate(
      Requests requests, CallRunner runner, CreateTaskRequest request, ObjectMapper mapper) {
    return new CallExecutor.Settlement<>() {
      @Override
      protected Call<?> read() {
        return requests.listPage(TaskQuery.builder().extId(request.getExtId()).build(), 0, runner);
      }

      @Override
      protected Optional<Task> settle(Object answer, RuntimeException lastFailure) {
        return createdBy(PageWalker.tasksOf((TaskList) answer), request, mapper);
      }

      @Override
      protected RuntimeException unconfirmed(RuntimeException failure, String why) {
        return new UnconfirmedWriteException(
            "The create of a task with extId \""
                + request.getExtId()
                + "\" could not be confirmed ("
                + why
                + "), and was not sent again: the task may have been created; findByExtId(\""
                + request.getExtId()
                + "\") finds it. The create's last failure: "
                + failure.getMessage(),
            null,
            failure);
      }
    };
  }

  /**
   * The settlement of {@code update} of task {@code id}.
   *
   * @param operations the client's operations
   * @param runner the operation's runner
   * @param id the task's id
   * @param update the update, as sent
   * @param before the task as the caller read it before the update, or null when it did not
   * @param guard where a guarded move expects the task, or null
   * @return the settlement
   */
  static CallExecutor.Settlement<Task> ofUpdate(
      Operations operations,
      CallRunner runner,
      long id,
      UpdateTaskRequest update,
      @Nullable Task before,
      @Nullable At guard) {
    return new UpdateSettlement(operations, runner, id, update, before, guard);
  }

  private static final class UpdateSettlement extends CallExecutor.Settlement<Task> {
    private final Operations operations;
    private final CallRunner runner;
    private final long id;
    private final UpdateTaskRequest update;
    private final @Nullable Task before;
    private final @Nullable At guard;

    /** The client's clock just before the update was first sent. */
    private final long sentMillis;

    /** The {@code Date} of the settling read's answer; set by its response listener. */
    private volatile @Nullable ZonedDateTime serverDate;

    UpdateSettlement(
        Operations operations,
        CallRunner runner,
        long id,
        UpdateTaskRequest update,
        @Nullable Task before,
        @Nullable At guard) {
      this.operations = operations;
      this.runner = runner;
      this.id = id;
      this.update = update;
      this.before = before;
      this.guard = guard;
      this.sentMillis = operations.clock().millis();
    }

    @Override
    protected Call<?> read() {
      RequestOptions options = runner.options();
      Consumer<RawResponse> listener = options.responseListener().orElse(null);
      RequestOptions reading =
          options.toBuilder()
              .onResponse(
                  raw -> {
                    serverDate = raw.header("Date").map(Settling::httpDate).orElse(null);
                    if (listener != null) {
                      listener.accept(raw);
                    }
                  })
              .build();
      return operations.requests().getTask(id, runner, reading);
    }

    @Override
    protected Optional<Task> settle(Object answer, RuntimeException lastFailure) {
      Task read = (Task) answer;
      if (applied(read, update, operations.mapper())) {
        return Optional.of(read);
      }
      boolean whereLeft;
      if (guard != null) {
        whereLeft = WorkflowMoves.isAt(read, guard);
        if (!whereLeft) {
          throw new TaskMovedException(
              "Task "
                  + id
                  + " is at "
                  + WorkflowMoves.place(read)
                  + ", not at "
                  + guard
                  + ": it was moved meanwhile (by the agent or another process) while the answer"
                  + " to this move was lost; the move was not sent again",
              read,
              guard.stepId(),
              guard.status().orElse(null));
        }
      } else if (before != null) {
        whereLeft = whereLeft(before, read);
      } else {
        whereLeft = untouchedSinceSent(read, serverDate, operations.clock().millis() - sentMillis);
      }
      if (!whereLeft) {
        throw new UnconfirmedWriteException(
            "Task "
                + id
                + " changed while the answer to its update was lost: it is now at "
                + WorkflowMoves.place(read)
                + ", updated at "
                + read.getUpdatedAt()
                + ". The update was not sent again, since it could undo that change; read the"
                + " task (getTask("
                + id
                + ")) and decide",
            read,
            lastFailure);
      }
      return Optional.empty();
    }

    @Override
    protected RuntimeException unconfirmed(RuntimeException failure, String why) {
      return new UnconfirmedWriteException(
          "The update of task "
              + id
              + " could not be confirmed ("
              + why
              + "), and was not sent again: it may or may not have been applied; getTask("
              + id
              + ") shows the task. The update's last failure: "
              + failure.getMessage(),
          null,
          failure);
    }

    @Override
    protected RuntimeException notSentAgain(RuntimeException failure, Object answer) {
      return new UnconfirmedWriteException(
          "The update of task "
              + id
              + " could not be confirmed (it was not applied, and the call may not be retried"
              + " again), and was not sent again; the task as read is attached",
          (Task) answer,
          failure);
    }

    @Override
    protected RuntimeException readFailed(RuntimeException failure, Throwable readFailure) {
      if (readFailure instanceof NotFoundException) {
        return (NotFoundException) readFailure;
      }
      return super.readFailed(failure, readFailure);
    }
  }

  /** An HTTP date ({@code Date: Tue, 01 Dec 2026 10:00:00 GMT}), or null when it is not one. */
  static @Nullable ZonedDateTime httpDate(String value) {
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
    } catch (DateTimeParseException notADate) {
      return null;
    }
  }
}
