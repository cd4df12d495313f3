/** Not API: the command line's output, used by {@code com.copilotz.tasks.cli}. */
package com.copilotz.tasks.cli.internal.output;
