package com.copilotz.tasks;

/**
 * How far a {@link TaskSync} has got, passed to its progress listener after each input row.
 *
 * @param done the rows dealt with so far, failed ones included
 * @param total the number of rows, or -1 when the input does not know its size
 * @param created the tasks created so far
 * @param updated the tasks updated so far
 * @param unchanged the tasks that already matched, so far
 * @param failed the rows that failed so far, duplicates included
 */
public record SyncProgress(
    long done, long total, long created, long updated, long unchanged, long failed) {}
