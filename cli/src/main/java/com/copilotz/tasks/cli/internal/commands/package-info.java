/** Not API: the command line's commands, used by {@code com.copilotz.tasks.cli}. */
package com.copilotz.tasks.cli.internal.commands;
