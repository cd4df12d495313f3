/** Not API: the MCP server's transport, used by {@code com.copilotz.tasks.mcp}. */
package com.copilotz.tasks.mcp.internal.transport;
