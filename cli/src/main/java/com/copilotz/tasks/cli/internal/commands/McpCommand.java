package com.copilotz.tasks.cli.internal.commands;

import com.copilotz.tasks.mcp.TasksMcpServer;
import picocli.CommandLine.Command;

/** {@code copilotz-tasks mcp}: the MCP server on stdio. */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the MCP server (copilotz-tasks-mcp) on stdin and stdout until the MCP client closes stdin: the"
          + " command an MCP client launches."
    },
    footer = {
      "",
      "Example (an mcpServers entry):",
      "  \"copilotz-tasks\": {\"command\": \"copilotz-tasks\", \"args\": [\"mcp\"],"
          + " \"env\": {\"COPILOTZ_ACCESS_TOKEN\": \"...\"}}"
    })
final class McpCommand extends Base {
  @Override
  int run() throws InterruptedException {
    TasksMcpServer.builder(client()).build().serveStdio(session().in(), session().out());
    return OK;
  }
}
