package com.copilotz.tasks.cli.internal.board;

import com.copilotz.tasks.cli.internal.board.BoardModel.Card;
import com.copilotz.tasks.cli.internal.board.BoardModel.Column;
import com.copilotz.tasks.cli.internal.output.TaskPrinter;
import com.copilotz.tasks.model.TaskStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link BoardModel} in a width and a height: a title, one column per step in the
 * workflow's order (and "other" when a task is at a step the workflow does not list) headed by its
 * name and count, a card per task (its status mark, id, and extId or name, cut with an ellipsis),
 * "+N more" when a column has more cards than rows, and a legend. Pure: the same model, width and
 * height give the same lines.
 */
public final class BoardRenderer {
  /** The lines besides the cards: title, header, rule, legend. */
  static final int CHROME = 4;

  private static final String LEGEND = "* active  ~ pending  ! failed  + completed  x cancelled";

  private BoardRenderer() {}

  /**
   * The board's lines.
   *
   * @param title the first line
   * @param model the tasks
   * @param width the terminal's columns
   * @param height the terminal's rows
   * @param footer what the last line adds to the legend (such as "q quits"), or empty
   * @return exactly {@code height} lines (fewer when the board is shorter), none wider than {@code
   *     width}
   */
  public static List<String> render(
      String title, BoardModel model, int width, int height, String footer) {
    int rows = Math.max(1, height - CHROME);
    List<Column> all = model.columns(rows);
    List<Column> columns = new ArrayList<>(all.subList(0, all.size() - 1));
    Column other = all.get(all.size() - 1);
    if (other.count() > 0) {
      columns.add(other);
    }
    int n = Math.max(1, columns.size());
    int columnWidth = Math.max(4, (width - (n - 1)) / n);
    List<String> lines = new ArrayList<>();
    lines.add(cut(title, width));
    StringBuilder header = new StringBuilder();
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < columns.size(); c++) {
      Column column = columns.get(c);
      String count = " (" + column.count() + ")";
      String name = cut(column.name(), Math.max(1, columnWidth - count.length())) + count;
      header.append(c == 0 ? "" : "|").append(pad(cut(name, columnWidth), columnWidth));
      rule.append(c == 0 ? "" : "+").append("-".repeat(columnWidth));
    }
    lines.add(cut(header.toString(), width).stripTrailing());
    lines.add(cut(rule.toString(), width));
    int tallest = 0;
    for (Column column : columns) {
      tallest = Math.max(tallest, Math.min(rows, column.count()));
    }
    for (int row = 0; row < tallest; row++) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns.size(); c++) {
        line.append(c == 0 ? "" : "|")
            .append(pad(cell(columns.get(c), row, rows, columnWidth), columnWidth));
      }
      lines.add(cut(line.toString(), width).stripTrailing());
    }
    lines.add(cut(footer.isEmpty() ? LEGEND : LEGEND + "   " + footer, width));
    return lines;
  }

  private static String cell(Column column, int row, int rows, int width) {
    List<Card> cards = column.cards();
    boolean overflow = column.count() > rows;
    if (overflow && row == rows - 1) {
      return cut("+" + (column.count() - (rows - 1)) + " more", width);
    }
    if (row >= cards.size()) {
      return "";
    }
    Card card = cards.get(row);
    String text =
        mark(card.status()) + " #" + card.id() + (card.label() == null ? "" : " " + card.label());
    return cut(text, width);
  }

  private static String mark(TaskStatus status) {
    if (TaskStatus.ACTIVE.equals(status)) {
      return "*";
    }
    if (TaskStatus.PENDING.equals(status)) {
      return "~";
    }
    if (TaskStatus.FAILED.equals(status)) {
      return "!";
    }
    if (TaskStatus.COMPLETED.equals(status)) {
      return "+";
    }
    if (TaskStatus.CANCELLED.equals(status)) {
      return "x";
    }
    return "?";
  }

  static String cut(String text, int width) {
    return TaskPrinter.cut(text, width);
  }

  private static String pad(String text, int width) {
    int length = text.codePointCount(0, text.length());
    return length >= width ? text : text + " ".repeat(width - length);
  }
}
