/** Not API: the command line's board, used by {@code com.copilotz.tasks.cli}. */
package com.copilotz.tasks.cli.internal.board;
