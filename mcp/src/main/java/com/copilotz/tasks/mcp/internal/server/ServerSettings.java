package com.copilotz.tasks.mcp.internal.server;

import java.time.Duration;

/**
 * The MCP server's settings, as {@code TasksMcpServer.Builder} set them.
 *
 * @param maxAwait the longest an {@code await_task} call may wait
 * @param progressInterval how often a waiting {@code await_task} sends a progress notification
 * @param maxListLimit the most tasks one {@code list_tasks} call or query resource returns
 * @param watchInterval how often a subscribed resource's watch lists its tasks
 * @param maxWatchedResources the most resources watched at once for subscriptions
 * @param version the server's version, told to clients at initialization
 */
public record ServerSettings(
    Duration maxAwait,
    Duration progressInterval,
    int maxListLimit,
    Duration watchInterval,
    int maxWatchedResources,
    String version) {}
