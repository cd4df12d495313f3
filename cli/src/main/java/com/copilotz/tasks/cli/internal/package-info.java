/** Not API: the command line's mechanics, used by {@code com.copilotz.tasks.cli}. */
package com.copilotz.tasks.cli.internal;
