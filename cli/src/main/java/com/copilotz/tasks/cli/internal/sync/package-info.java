/** Not API: the command line's sync, used by {@code com.copilotz.tasks.cli}. */
package com.copilotz.tasks.cli.internal.sync;
