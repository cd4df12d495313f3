package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.internal.errors.ErrorMapper;
import com.copilotz.tasks.internal.http.CallExecutor;
import com.copilotz.tasks.internal.json.TaskListReader;
import com.copilotz.tasks.model.Task;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.Spliterator;
import java.util.function.Consumer;
import okhttp3.Request;
import okhttp3.ResponseBody;

/**
 * The source of {@link TasksClient#listTasks}: asks for a page only when the stream needs one, and
 * reads its tasks one at a time from the answer as the stream is consumed, so that memory does not
 * grow with the size of the answer. A page that fails before its first task is handed out is
 * retried as any call is; a failure after that is thrown from the stream's terminal operation as
 * the SDK's typed exception. Closing the stream closes the answer being read.
 */
public final class TaskPager implements Spliterator<Task>, AutoCloseable {
  private final Operations operations;
  private final CallExecutor executor;
  private final ObjectReader taskReader;
  private final TaskQuery query;
  private final BlockingRunner runner;
  private final boolean endsOperation;
  private final PageWalker walker;
  private Page page;
  private boolean closed;
  private boolean ended;

  /**
   * The pages of {@code query}, read with {@code taskReader} by the runner of {@code calls}.
   *
   * @param operations builds the page runner
   * @param executor runs them
   * @param taskReader reads one task
   * @param query the listing
   * @param runner the listing's runner
   * @param endsOperation whether the stream ends {@code calls}' operation when it ends
   */
  public TaskPager(
      Operations operations,
      CallExecutor executor,
      ObjectReader taskReader,
      TaskQuery query,
      BlockingRunner runner,
      boolean endsOperation) {
    this.operations = operations;
    this.executor = executor;
    this.taskReader = taskReader;
    this.query = query;
    this.runner = runner;
    this.endsOperation = endsOperation;
    this.walker = new PageWalker(query.pageSize());
  }

  /**
   * A page being read, and its first task, read while the page was opened (null for an empty page).
   */
  private static final class Page {
    final Request request;
    final TaskListReader reader;
    Task first;
    boolean firstTaken;

    Page(Request request, TaskListReader reader, Task first) {
      this.request = request;
      this.reader = reader;
      this.first = first;
    }
  }

  @Override
  public boolean tryAdvance(Consumer<? super Task> action) {
    try {
      return advance(action);
    } catch (RuntimeException failure) {
      end(failure);
      throw failure;
    }
  }

  private boolean advance(Consumer<? super Task> action) {
    while (!closed) {
      if (page == null) {
        if (walker.done()) {
          end(null);
          return false;
        }
        page =
            executor.open(
                operations.listPageStream(query, walker.offset(), runner), this::openPage);
      }
      Task task;
      if (!page.firstTaken) {
        page.firstTaken = true;
        task = page.first;
        page.first = null;
      } else {
        task = readNext(page);
      }
      if (task == null) {
        endPage();
      } else if (walker.accept(task)) {
        action.accept(task);
        return true;
      }
    }
    return false;
  }

  /**
   * Opens a page and reads its first task, inside the call's attempt, so that a failure here is
   * retried.
   */
  private Page openPage(Request request, ResponseBody body) throws IOException {
    TaskListReader reader = TaskListReader.open(body, taskReader);
    if (reader == null) {
      return null;
    }
    try {
      return new Page(request, reader, reader.next());
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private Task readNext(Page current) {
    try {
      return current.reader.next();
    } catch (JsonProcessingException malformed) {
      close();
      throw ErrorMapper.unreadable(current.request, malformed);
    } catch (IOException broken) {
      close();
      throw ErrorMapper.fromIOException(current.request, broken, 1);
    }
  }

  private void endPage() {
    try {
      page.reader.close();
    } catch (IOException ignored) {
      // The page was read to its end; nothing is lost.
    }
    page = null;
    walker.endPage();
  }

  /** Ends the operation, once, when this stream owns it. */
  private void end(RuntimeException failure) {
    if (endsOperation && !ended) {
      ended = true;
      if (failure == null) {
        runner.ended(null);
      } else {
        runner.failed(failure);
      }
    }
  }

  /**
   * Closes the answer being read; the stream ends.
   *
   * @throws com.copilotz.tasks.errors.CopilotzIOException if the answer cannot be closed
   */
  @Override
  public void close() {
    end(null);
    closed = true;
    if (page != null) {
      Page open = page;
      page = null;
      try {
        open.reader.close();
      } catch (IOException e) {
        throw ErrorMapper.fromIOException(open.request, e, 1);
      }
    }
  }

  @Override
  public Spliterator<Task> trySplit() {
    return null;
  }

  @Override
  public long estimateSize() {
    return Long.MAX_VALUE;
  }

  @Override
  public int characteristics() {
    return ORDERED | NONNULL;
  }
}
