/**
 * A Model Context Protocol server over the Copilotz Tasks client, for AI agents: {@link
 * com.copilotz.tasks.mcp.TasksMcpServer}, served over stdio, over Streamable HTTP ({@link
 * com.copilotz.tasks.mcp.McpHttpServer}, {@link com.copilotz.tasks.mcp.McpHttpOptions}), or as a
 * servlet ({@link com.copilotz.tasks.mcp.McpServlet}). The mechanics live in {@code
 * com.copilotz.tasks.mcp.internal.*}, which is not API.
 */
@NullMarked
package com.copilotz.tasks.mcp;

import org.jspecify.annotations.NullMarked;
