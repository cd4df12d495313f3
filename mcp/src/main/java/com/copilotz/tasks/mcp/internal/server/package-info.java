/** Not API: the MCP server's server, used by {@code com.copilotz.tasks.mcp}. */
package com.copilotz.tasks.mcp.internal.server;
