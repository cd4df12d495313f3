/**
 * Not API: the HTTP mechanics. The retry engine ({@code CallExecutor}, {@code RetryPolicy}), the
 * call's context on its request, the interceptors (the SDK's headers, the guard against OkHttp's
 * own follow-ups, the guard of every answer), per-call options, logging, the SDK's version and the
 * OkHttp 5 check. Public only so that the SDK's own packages can share it; exported by the module
 * to the testing kit alone (for the OkHttp check), excluded from the API compatibility check and
 * the published Javadoc, and free to change in any release.
 */
package com.copilotz.tasks.internal.http;
