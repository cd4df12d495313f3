/**
 * Not API: the operations: each written once for both facades (Operations), the runners that make
 * their calls blocking or asynchronously, the request builders and argument checks, the workflow
 * moves and their cache, paging, extId matching and the server's context coercion. Public only so
 * that the SDK's own packages can share it; not exported by the module, excluded from the API
 * compatibility check and the published Javadoc, and free to change in any release.
 */
package com.copilotz.tasks.internal.ops;
