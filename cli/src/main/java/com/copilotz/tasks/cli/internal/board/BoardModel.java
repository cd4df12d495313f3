package com.copilotz.tasks.cli.internal.board;

import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the board shows, kept small: per task only its column and status, packed in an
 * open-addressed table (about 24 bytes a task at most, less than the watch behind it keeps); the
 * label (extId or name) only of the tasks with the smallest ids of each column, those a screen can
 * show. A card whose label was not kept shows its id alone until its task changes again.
 * Thread-safe: the watch writes, the screen reads.
 */
public final class BoardModel {
  /** How many labels each column keeps: more than any screen's rows. */
  static final int LABELS_PER_COLUMN = 128;

  private static final long EMPTY = 0;

  private final List<String> names;
  private final Map<Long, Integer> columnOfStep;
  private final int[] counts;
  private final List<TreeMap<Long, String>> labels;
  private long[] ids = new long[1024];
  private int[] values = new int[1024];
  private int size;

  /**
   * A board of a workflow's steps, in its order, with an "other" column last for tasks at a step
   * the workflow does not list.
   *
   * @param steps the workflow's steps, in order
   */
  public BoardModel(List<Step> steps) {
    names = new ArrayList<>();
    columnOfStep = new java.util.HashMap<>();
    for (Step step : steps) {
      columnOfStep.put(step.getId(), names.size());
      names.add(step.getName() == null ? "step " + step.getId() : step.getName());
    }
    names.add("other");
    counts = new int[names.size()];
    labels = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      labels.add(new TreeMap<>());
    }
  }

  /** Puts a task where it is now (it appeared, moved, or changed). */
  public synchronized void put(Task task) {
    long id = task.getId();
    int column =
        task.getCurrentStep() == null
            ? names.size() - 1
            : columnOfStep.getOrDefault(task.getCurrentStep(), names.size() - 1);
    int value = (column << 3) | statusCode(task.getStatus());
    int slot = slot(id);
    if (ids[slot] == id) {
      int old = values[slot] >>> 3;
      if (old != column) {
        counts[old]--;
        counts[column]++;
        labels.get(old).remove(id);
      }
      values[slot] = value;
    } else {
      ids[slot] = id;
      values[slot] = value;
      counts[column]++;
      if (++size * 2 > ids.length) {
        grow();
      }
    }
    TreeMap<Long, String> kept = labels.get(column);
    if (kept.size() < LABELS_PER_COLUMN || id < kept.lastKey()) {
      kept.put(id, label(task));
      if (kept.size() > LABELS_PER_COLUMN) {
        kept.pollLastEntry();
      }
    }
  }

  /** Removes a task that is gone. */
  public synchronized void remove(long id) {
    int slot = slot(id);
    if (ids[slot] != id) {
      return;
    }
    int column = values[slot] >>> 3;
    counts[column]--;
    labels.get(column).remove(id);
    // Backward-shift deletion keeps linear probing without tombstones.
    ids[slot] = EMPTY;
    size--;
    int next = (slot + 1) & (ids.length - 1);
    while (ids[next] != EMPTY) {
      long moving = ids[next];
      int movingValue = values[next];
      ids[next] = EMPTY;
      int target = slot(moving);
      ids[target] = moving;
      values[target] = movingValue;
      next = (next + 1) & (ids.length - 1);
    }
  }

  /** How many tasks the board holds. */
  public synchronized int size() {
    return size;
  }

  /**
   * What a screen of {@code rows} card rows shows: each column's count and its first {@code rows}
   * cards, by id. One pass over the tasks.
   */
  public synchronized List<Column> columns(int rows) {
    int columns = names.size();
    long[][] first = new long[columns][Math.max(rows, 0)];
    int[] filled = new int[columns];
    int[][] statuses = new int[columns][Math.max(rows, 0)];
    for (int slot = 0; slot < ids.length; slot++) {
      long id = ids[slot];
      if (id == EMPTY) {
        continue;
      }
      int column = values[slot] >>> 3;
      int status = values[slot] & 7;
      long[] kept = first[column];
      int n = filled[column];
      if (rows == 0 || (n == rows && id > kept[n - 1])) {
        continue;
      }
      int at = n == rows ? rows - 1 : n;
      while (at > 0 && kept[at - 1] > id) {
        kept[at] = kept[at - 1];
        statuses[column][at] = statuses[column][at - 1];
        at--;
      }
      kept[at] = id;
      statuses[column][at] = status;
      if (n < rows) {
        filled[column]++;
      }
    }
    List<Column> result = new ArrayList<>(columns);
    for (int c = 0; c < columns; c++) {
      List<Card> cards = new ArrayList<>(filled[c]);
      for (int i = 0; i < filled[c]; i++) {
        long id = first[c][i];
        cards.add(new Card(id, STATUS_BY_CODE[statuses[c][i]], labels.get(c).get(id)));
      }
      result.add(new Column(names.get(c), counts[c], cards));
    }
    return result;
  }

  /** A column: its step's name, how many tasks are there, and the first cards. */
  public record Column(String name, int count, List<Card> cards) {}

  /** A card: the task's id, its status, and its label when kept (else null). */
  public record Card(long id, TaskStatus status, String label) {}

  private static final TaskStatus[] STATUS_BY_CODE = {
    null,
    TaskStatus.ACTIVE,
    TaskStatus.PENDING,
    TaskStatus.FAILED,
    TaskStatus.COMPLETED,
    TaskStatus.CANCELLED,
    null,
    null
  };

  private static int statusCode(TaskStatus status) {
    for (int code = 1; code < 6; code++) {
      if (STATUS_BY_CODE[code].equals(status)) {
        return code;
      }
    }
    return 0;
  }

  private static String label(Task task) {
    String extId = task.getExtId();
    return extId != null && !extId.isBlank() ? extId : task.getName();
  }

  private int slot(long id) {
    int mask = ids.length - 1;
    int slot = (int) (mix(id) & mask);
    while (ids[slot] != EMPTY && ids[slot] != id) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static long mix(long id) {
    long h = id * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 32);
  }

  private void grow() {
    long[] oldIds = ids;
    int[] oldValues = values;
    ids = new long[oldIds.length * 2];
    values = new int[oldIds.length * 2];
    for (int i = 0; i < oldIds.length; i++) {
      if (oldIds[i] != EMPTY) {
        int slot = slot(oldIds[i]);
        ids[slot] = oldIds[i];
        values[slot] = oldValues[i];
      }
    }
  }

  @Override
  public synchronized String toString() {
    return "BoardModel{columns=" + names + ", counts=" + Arrays.toString(counts) + "}";
  }
}
