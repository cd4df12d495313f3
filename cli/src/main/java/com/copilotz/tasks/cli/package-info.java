/**
 * The {@code copilotz-tasks} command line over the Copilotz Tasks client: {@link
 * com.copilotz.tasks.cli.CopilotzTasksCli}. The mechanics live in {@code
 * com.copilotz.tasks.cli.internal.*}, which is not API.
 */
package com.copilotz.tasks.cli;
