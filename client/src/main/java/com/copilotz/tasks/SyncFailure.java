package com.copilotz.tasks;

import org.jspecify.annotations.Nullable;

/**
 * One input row of a {@link TaskSync} that could not be synced.
 *
 * @param row the row's position in the input, counting from 1
 * @param extId the row's extId, or null when it had none
 * @param error why: a {@link com.copilotz.tasks.errors.CopilotzException} from the server, or an
 *     {@link IllegalArgumentException} or {@link NullPointerException} for a row that was never
 *     sent (a missing field, or an extId that an earlier row already had)
 */
public record SyncFailure(long row, @Nullable String extId, Exception error) {}
