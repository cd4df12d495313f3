/**
 * Not API: observation: the one caller of a TasksObserver. Public only so that the SDK's own
 * packages can share it; not exported by the module, excluded from the API compatibility check and
 * the published Javadoc, and free to change in any release.
 */
package com.copilotz.tasks.internal.observe;
