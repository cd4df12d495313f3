package com.copilotz.tasks.cli.internal.output;

/** How tasks are printed: {@code --output table|json|jsonl}. */
public enum Format {
  /** A table with a header, columns as wide as their content (the default). */
  TABLE,
  /** One JSON document: an object for one task, an array for several. */
  JSON,
  /** One JSON object per line, written as each task comes. */
  JSONL
}
