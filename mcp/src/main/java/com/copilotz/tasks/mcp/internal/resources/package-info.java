/** Not API: the MCP server's resources, used by {@code com.copilotz.tasks.mcp}. */
package com.copilotz.tasks.mcp.internal.resources;
