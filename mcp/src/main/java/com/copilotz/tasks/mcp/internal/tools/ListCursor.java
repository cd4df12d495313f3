package com.copilotz.tasks.mcp.internal.tools;

import com.copilotz.tasks.TaskQuery;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The cursor of {@code list_tasks}: the last id of a page and the query it belongs to, opaque to
 * the client. The server answers whole sets in no set order, so a page is the tasks with the
 * smallest ids above the cursor's: a task created between two pages is never shown twice, and none
 * is skipped.
 */
final class ListCursor {
  private static final String VERSION = "1";

  private ListCursor() {}

  /** The cursor after {@code lastId} in {@code query}'s listing. */
  static String write(long lastId, TaskQuery query) {
    String text = VERSION + ":" + lastId + ":" + fingerprint(query);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The last id of the page before, from a cursor this class wrote for {@code query}.
   *
   * @throws InvalidArgumentException if the cursor is not one, or belongs to another query
   */
  static long read(String cursor, TaskQuery query) {
    String[] parts;
    try {
      parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
    } catch (IllegalArgumentException e) {
      parts = new String[0];
    }
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      throw new InvalidArgumentException(
          "'cursor' is not a cursor list_tasks gave; leave it out to start from the first task.");
    }
    if (!parts[2].equals(fingerprint(query))) {
      throw new InvalidArgumentException(
          "'cursor' belongs to a listing with other filters; pass the same filters as the call that"
              + " gave it, or leave it out to start again.");
    }
    try {
      return Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("'cursor' is damaged; leave it out to start again.");
    }
  }

  private static String fingerprint(TaskQuery query) {
    return Integer.toHexString(query.toString().hashCode());
  }
}
