/**
 * Not API: authentication: bearer tokens from a TokenProvider, the static token, the credentials
 * login, and whether a 401 may be repeated with a new token. Public only so that the SDK's own
 * packages can share it; not exported by the module, excluded from the API compatibility check and
 * the published Javadoc, and free to change in any release.
 */
package com.copilotz.tasks.internal.auth;
