/**
 * Not API: error mapping: every way a call can fail, turned into the SDK's typed exceptions. Public
 * only so that the SDK's own packages can share it; not exported by the module, excluded from the
 * API compatibility check and the published Javadoc, and free to change in any release.
 */
package com.copilotz.tasks.internal.errors;
