/**
 * The exceptions of the Copilotz SDK, all unchecked and all subclasses of {@link
 * com.copilotz.tasks.errors.CopilotzException}.
 */
package com.copilotz.tasks.errors;
