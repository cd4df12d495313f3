package com.copilotz.tasks;

import com.copilotz.tasks.internal.wire.TaskList;
import com.copilotz.tasks.model.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The paging rules, shared by the lazy stream of {@link TasksClient#listTasks} and every listing made by
 * {@link Operations#listAll}. Requests send {@code limit} and {@code offset}; paging ends whether or
 * not the server honours them (the real server ignores them and answers the whole set every time):
 *
 * <ul>
 *   <li>a page shorter than the page size is the last;
 *   <li>a page longer than the page size means the server ignored {@code limit}: it was the whole set;
 *   <li>a later page that brings no task not yet seen means the server ignored {@code offset}: stop.
 * </ul>
 *
 * A task already returned (same {@code _id}) is never returned again.
 */
final class PageWalker {
  private final int pageSize;
  private final Set<Long> seen = new HashSet<>();
  private int offset;
  private boolean done;

  PageWalker(int pageSize) {
    this.pageSize = pageSize;
  }

  /** The tasks of a list body, empty when it has none. */
  static List<Task> tasksOf(TaskList list) {
    return list == null || list.getData() == null ? List.of() : list.getData();
  }

  /** The offset of the next page to ask for. */
  int offset() {
    return offset;
  }

  /** True when no page is left to ask for. */
  boolean done() {
    return done;
  }

  /** Takes the page just fetched and returns its tasks not returned before, in order. */
  List<Task> accept(List<Task> page) {
    List<Task> unseen = new ArrayList<>(page.size());
    for (Task task : page) {
      if (task.getId() == null || seen.add(task.getId())) {
        unseen.add(task);
      }
    }
    boolean repeated = offset > 0 && unseen.stream().allMatch(task -> task.getId() == null);
    if (repeated) {
      done = true;
      return List.of();
    }
    done = page.size() != pageSize;
    offset += page.size();
    return unseen;
  }
}
