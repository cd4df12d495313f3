/**
 * Not API: JSON: the SDK's mapper, Retrofit's converters over it with the server's quirks, the
 * readers of populated references, lists and dates, and the streaming list reader. Public only so
 * that the SDK's own packages can share it; not exported by the module, excluded from the API
 * compatibility check and the published Javadoc, and free to change in any release.
 */
package com.copilotz.tasks.internal.json;
