package com.copilotz.tasks;

import com.copilotz.tasks.internal.api.TasksApi;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.function.Consumer;

/**
 * Fetches tasks page after page, only when the stream asks for more. It sends {@code limit} and
 * {@code offset}, and ends whether or not the server honours them (the real server ignores them and answers
 * the whole set every time):
 *
 * <ul>
 *   <li>a page shorter than the page size is the last;
 *   <li>a page longer than the page size means the server ignored {@code limit}: it was the whole set;
 *   <li>a full page that brings no task not yet seen means the server ignored {@code offset}: stop.
 * </ul>
 *
 * A task already yielded (same {@code _id}) is never yielded again.
 */
final class TaskPager implements Spliterator<Task> {
  private final TasksApi api;
  private final ApiCaller caller;
  private final TaskQuery query;
  private final Set<Long> seen = new HashSet<>();

  private Iterator<Task> page = Collections.emptyIterator();
  private int offset;
  private boolean lastPage;

  TaskPager(TasksApi api, ApiCaller caller, TaskQuery query) {
    this.api = api;
    this.caller = caller;
    this.query = query;
  }

  @Override
  public boolean tryAdvance(Consumer<? super Task> action) {
    while (true) {
      while (page.hasNext()) {
        Task task = page.next();
        if (task.getId() == null || seen.add(task.getId())) {
          action.accept(task);
          return true;
        }
      }
      if (lastPage) {
        return false;
      }
      fetchNextPage();
    }
  }

  private void fetchNextPage() {
    TaskList list =
        caller.execute(
            api.listTasks(
                query.extId,
                query.workflow,
                query.currentStep,
                query.status,
                query.name,
                query.pageSize,
                offset));
    List<Task> tasks = list.getData() == null ? List.of() : list.getData();
    if (offset > 0 && !bringsUnseenTask(tasks)) {
      lastPage = true;
      page = Collections.emptyIterator();
      return;
    }
    lastPage = tasks.size() != query.pageSize;
    offset += tasks.size();
    page = tasks.iterator();
  }

  private boolean bringsUnseenTask(List<Task> tasks) {
    for (Task task : tasks) {
      if (task.getId() != null && !seen.contains(task.getId())) {
        return true;
      }
    }
    return false;
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
