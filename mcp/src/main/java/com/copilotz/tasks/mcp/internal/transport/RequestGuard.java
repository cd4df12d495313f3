package com.copilotz.tasks.mcp.internal.transport;

import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks each HTTP request before the MCP transport reads it: its {@code Origin} against the
 * allowed origins and its {@code Host} against the allowed hosts (the MCP spec's defence against
 * DNS rebinding: a browser page of another site cannot reach a server on loopback), and, when the
 * server has a bearer token of its own, its {@code Authorization} header (compared in constant
 * time). A refused request gets 403, 421 or 401, and never reaches a tool.
 */
public final class RequestGuard implements ServerTransportSecurityValidator {
  private final DefaultServerTransportSecurityValidator originAndHost;
  private final byte @Nullable [] expectedAuthorization;

  /**
   * A guard.
   *
   * @param allowedOrigins the origins a browser may call from ({@code http://localhost:*} style)
   * @param allowedHosts the {@code Host} values accepted; empty accepts any
   * @param bearerToken the token every request must carry, or null for none
   */
  public RequestGuard(
      List<String> allowedOrigins, List<String> allowedHosts, @Nullable String bearerToken) {
    this.originAndHost =
        DefaultServerTransportSecurityValidator.builder()
            .allowedOrigins(new ArrayList<>(allowedOrigins))
            .allowedHosts(new ArrayList<>(allowedHosts))
            .build();
    this.expectedAuthorization =
        bearerToken == null ? null : ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
  }

  /** The hosts a server bound to loopback answers to, on any port. */
  public static List<String> loopbackHosts() {
    return List.of("localhost:*", "127.0.0.1:*", "[::1]:*");
  }

  /** The origins of pages served from loopback, on any port. */
  public static List<String> loopbackOrigins() {
    return List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*");
  }

  @Override
  public void validateHeaders(Map<String, List<String>> headers)
      throws ServerTransportSecurityException {
    originAndHost.validateHeaders(headers);
    if (expectedAuthorization == null) {
      return;
    }
    String authorization = null;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if ("Authorization".equalsIgnoreCase(header.getKey())
          && header.getValue() != null
          && !header.getValue().isEmpty()) {
        authorization = header.getValue().get(0);
      }
    }
    if (authorization == null
        || !MessageDigest.isEqual(
            expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8))) {
      throw new ServerTransportSecurityException(401, "A valid bearer token is required");
    }
  }
}
