/**
 * Not API: the step worker: its poll loop, its handler threads and the compact memory of the ids it
 * holds. Public only so that the SDK's own packages can share it; not exported by the module,
 * excluded from the API compatibility check and the published Javadoc, and free to change in any
 * release.
 */
package com.copilotz.tasks.internal.worker;
