/** Not API: the MCP server's main, used by {@code com.copilotz.tasks.mcp}. */
package com.copilotz.tasks.mcp.internal.main;
