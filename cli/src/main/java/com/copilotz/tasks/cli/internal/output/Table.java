package com.copilotz.tasks.cli.internal.output;

import java.util.List;

/** Left-aligned columns separated by two spaces, each as wide as its widest cell. */
public final class Table {
  private Table() {}

  /**
   * Renders rows, the first being the header.
   *
   * @param rows the rows, each with the same number of cells
   * @return the lines, each ending with a newline
   */
  public static String render(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i + 1 < columns) {
          line.append(" ".repeat(widths[i] - row[i].codePointCount(0, row[i].length()) + 2));
        }
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
