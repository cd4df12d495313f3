/**
 * Not API: watching a query: the watch's loop and the compact memory of the tasks it watches.
 * Public only so that the SDK's own packages can share it; not exported by the module, excluded
 * from the API compatibility check and the published Javadoc, and free to change in any release.
 */
package com.copilotz.tasks.internal.watch;
