/**
 * The exceptions of the Copilotz SDK, all unchecked and all subclasses of {@link
 * com.copilotz.tasks.errors.CopilotzException}.
 *
 * <p>Null-marked (JSpecify): what may be absent is {@code Optional} or annotated {@link
 * org.jspecify.annotations.Nullable}.
 */
@NullMarked
package com.copilotz.tasks.errors;

import org.jspecify.annotations.NullMarked;
