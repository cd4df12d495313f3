/**
 * The Copilotz Tasks client: {@link com.copilotz.tasks.TasksClient}, its asynchronous twin {@link
 * com.copilotz.tasks.AsyncTasksClient}, and the values they take and give (queries, options, what a
 * wait, a watch, a step worker and a sync work with).
 *
 * <p>Null-marked (JSpecify): no parameter or return value here is null unless it is annotated
 * {@link org.jspecify.annotations.Nullable}; values that may be absent are {@code Optional}.
 */
@NullMarked
package com.copilotz.tasks;

import org.jspecify.annotations.NullMarked;
