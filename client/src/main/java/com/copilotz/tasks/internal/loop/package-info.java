/**
 * Not API: the one home of the background loops that list tasks on their own schedule (a watch, a
 * step worker): the listing engine, what it needs of its client, and the interval that grows while
 * nothing changes. Public only so that the SDK's own packages can share it; not exported by the
 * module, excluded from the API compatibility check and the published Javadoc, and free to change
 * in any release.
 */
package com.copilotz.tasks.internal.loop;
