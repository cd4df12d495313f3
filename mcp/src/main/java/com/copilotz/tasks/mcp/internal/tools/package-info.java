/** Not API: the MCP server's tools, used by {@code com.copilotz.tasks.mcp}. */
package com.copilotz.tasks.mcp.internal.tools;
