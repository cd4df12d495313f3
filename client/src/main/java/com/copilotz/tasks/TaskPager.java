package com.copilotz.tasks;

import com.copilotz.tasks.internal.api.TasksApi;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.function.Consumer;

/** The lazy source of {@link TasksClient#listTasks}: fetches a page only when the stream needs one. */
final class TaskPager implements Spliterator<Task> {
  private final TasksApi api;
  private final ApiCaller caller;
  private final TaskQuery query;
  private final RequestOptions options;
  private final PageWalker walker;
  private Iterator<Task> page = Collections.emptyIterator();

  TaskPager(TasksApi api, ApiCaller caller, TaskQuery query, RequestOptions options) {
    this.api = api;
    this.caller = caller;
    this.query = query;
    this.options = options;
    this.walker = new PageWalker(query.pageSize);
  }

  /** The call for the page at {@code offset}; shared with the async client. */
  static retrofit2.Call<TaskList> pageCall(TasksApi api, TaskQuery query, int offset) {
    return api.listTasks(
        query.extId, query.workflow, query.currentStep, query.status, query.name, query.pageSize, offset);
  }

  /** The tasks of a list body, empty when it has none. */
  static List<Task> tasksOf(TaskList list) {
    return list == null || list.getData() == null ? List.of() : list.getData();
  }

  @Override
  public boolean tryAdvance(Consumer<? super Task> action) {
    while (!page.hasNext()) {
      if (walker.done()) {
        return false;
      }
      page = walker.accept(tasksOf(caller.execute(pageCall(api, query, walker.offset()), options))).iterator();
    }
    action.accept(page.next());
    return true;
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
