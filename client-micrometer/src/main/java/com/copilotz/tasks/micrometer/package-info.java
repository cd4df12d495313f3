/**
 * {@link com.copilotz.tasks.micrometer.MicrometerTasksObserver}: the Copilotz Tasks client's
 * operations and HTTP attempts as Micrometer observations (timers and spans), and a step worker's
 * and a sync's counts as meters.
 *
 * <p>Null-marked (JSpecify): no parameter or return value is null unless annotated {@link
 * org.jspecify.annotations.Nullable}.
 */
@NullMarked
package com.copilotz.tasks.micrometer;

import org.jspecify.annotations.NullMarked;
