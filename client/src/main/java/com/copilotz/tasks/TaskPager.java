package com.copilotz.tasks;

import com.copilotz.tasks.model.Task;
import java.util.Collections;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.function.Consumer;

/** The lazy source of {@link TasksClient#listTasks}: fetches a page only when the stream needs one. */
final class TaskPager implements Spliterator<Task> {
  private final Requests requests;
  private final ApiCaller caller;
  private final TaskQuery query;
  private final RequestOptions options;
  private final PageWalker walker;
  private Iterator<Task> page = Collections.emptyIterator();

  TaskPager(Requests requests, ApiCaller caller, TaskQuery query, RequestOptions options) {
    this.requests = requests;
    this.caller = caller;
    this.query = query;
    this.options = options;
    this.walker = new PageWalker(query.pageSize);
  }

  @Override
  public boolean tryAdvance(Consumer<? super Task> action) {
    while (!page.hasNext()) {
      if (walker.done()) {
        return false;
      }
      page = walker.accept(PageWalker.tasksOf(caller.execute(requests.listPage(query, walker.offset(), options))))
          .iterator();
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
