package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.internal.wire.TaskList;
import com.copilotz.tasks.model.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The paging rules, shared by the stream of {@link TasksClient#listTasks} and every listing made by
 * {@link Operations#listAll}. Requests send {@code limit} and {@code offset}; paging ends whether
 * or not the server honours them (the real server ignores them and answers the whole set every
 * time):
 *
 * <ul>
 *   <li>a page shorter than the page size is the last;
 *   <li>a page longer than the page size means the server ignored {@code limit}: it was the whole
 *       set;
 *   <li>a later page that brings no task not yet seen means the server ignored {@code offset}:
 *       stop.
 * </ul>
 *
 * A task already returned (same {@code _id}) is never returned again. The ids seen are kept in a
 * {@link LongSet}, and only while they may be needed: once the first page is longer than the page
 * size it is the whole set, the listing ends with it, and nothing more is remembered, so that a
 * listing of any size costs the same memory. Tasks are taken one at a time, as a page is read.
 */
public final class PageWalker {
  private final int pageSize;
  private LongSet seen = new LongSet();
  private int offset;
  private boolean done;
  private int pageCount;
  private int pageNewIds;

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

  /** Takes the next task of the page being read; true when it was not returned before. */
  boolean accept(Task task) {
    pageCount++;
    if (offset == 0 && pageCount > pageSize) {
      seen = null;
    }
    Long id = task.getId();
    if (id == null || id <= 0) {
      return true;
    }
    boolean unseen = seen == null || seen.add(id);
    if (unseen) {
      pageNewIds++;
    }
    return unseen;
  }

  /** Ends the page being read, and decides whether another one is asked for. */
  void endPage() {
    if (offset > 0 && pageNewIds == 0) {
      done = true;
    } else {
      done = pageCount != pageSize;
      offset += pageCount;
    }
    pageCount = 0;
    pageNewIds = 0;
  }

  /** Takes a whole page: its tasks not returned before, in order. */
  List<Task> acceptPage(List<Task> page) {
    List<Task> unseen = new ArrayList<>(page.size());
    for (Task task : page) {
      if (accept(task)) {
        unseen.add(task);
      }
    }
    boolean repeated = offset > 0 && pageNewIds == 0;
    endPage();
    return repeated ? List.of() : unseen;
  }
}
