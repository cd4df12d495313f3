/**
 * Not API: the SDK's loggers, one name per concern under {@code com.copilotz.tasks}, each record
 * one line on every backend. Public only so that the SDK's own packages can share it; not exported
 * by the module, excluded from the API compatibility check and the published Javadoc, and free to
 * change in any release.
 */
package com.copilotz.tasks.internal.log;
