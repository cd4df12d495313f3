/**
 * Not API: the client's HTTP mechanics. Public only so that the SDK's own modules can share them; not exported
 * by the module (but to {@code com.copilotz.tasks.testing}), excluded from the API compatibility check and the
 * published Javadoc, and free to change in any release.
 */
package com.copilotz.tasks.internal.http;
