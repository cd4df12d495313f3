package com.copilotz.tasks.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Streamable HTTP transport's guards, request by request on a raw socket: the origin and host
 * checks against DNS rebinding, and the MCP server's own bearer token. A refused request never
 * reaches a tool, and nothing is sent to Copilotz.
 */
class McpHttpGuardTest {
  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  @Test
  void onLoopbackAPageOfAnotherOriginIsRefused() throws IOException {
    try (McpHarness harness = new McpHarness()) {
      int port = harness.server.port();

      assertThat(status(post(port, "localhost:" + port, "http://evil.example", null)))
          .isEqualTo(403);
      assertThat(status(post(port, "localhost:" + port, "http://localhost:5173", null)))
          .isEqualTo(200);
      assertThat(status(post(port, "127.0.0.1:" + port, null, null))).isEqualTo(200);
      assertThat(harness.requests()).isEmpty();
    }
  }

  @Test
  void onLoopbackARebindedHostNameIsRefused() throws IOException {
    try (McpHarness harness = new McpHarness()) {
      int port = harness.server.port();

      assertThat(status(post(port, "attacker.example:" + port, null, null))).isEqualTo(421);
    }
  }

  @Test
  void anOriginAllowedByTheOptionsMayCall() throws IOException {
    McpHttpOptions options =
        McpHttpOptions.builder().allowOrigin("https://app.example.com").build();
    try (McpHarness harness = new McpHarness(builder -> {}, options)) {
      int port = harness.server.port();

      assertThat(status(post(port, "localhost:" + port, "https://app.example.com", null)))
          .isEqualTo(200);
      assertThat(status(post(port, "localhost:" + port, "https://other.example.com", null)))
          .isEqualTo(403);
    }
  }

  @Test
  void aBearerTokenOfTheServersOwnIsRequiredWhenSet() throws IOException {
    McpHttpOptions options = McpHttpOptions.builder().bearerToken("mcp-secret").build();
    try (McpHarness harness = new McpHarness(builder -> {}, options)) {
      int port = harness.server.port();
      String host = "localhost:" + port;

      assertThat(status(post(port, host, null, null))).isEqualTo(401);
      assertThat(status(post(port, host, null, "Bearer wrong"))).isEqualTo(401);
      assertThat(status(post(port, host, null, "Bearer mcp-secret"))).isEqualTo(200);
      // The harness's own MCP client sends the token: its tool calls work.
      assertThat(harness.call("get_task", Map.of("id", 1)).isError()).isFalse();
    }
  }

  @Test
  void anAddressBeyondLoopbackNeedsABearerToken() {
    assertThatThrownBy(() -> McpHttpOptions.builder().host("0.0.0.0").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("host 0.0.0.0 is reachable beyond this machine: set a bearerToken");
    assertThat(McpHttpOptions.builder().host("0.0.0.0").bearerToken("t").build().toString())
        .contains("bearerToken=set")
        .doesNotContain("=t,", "=t}");
  }

  @Test
  void optionsRefuseBadValuesNamingThem() {
    assertThatThrownBy(() -> McpHttpOptions.builder().port(70000))
        .hasMessage("port must be from 0 to 65535, got 70000");
    assertThatThrownBy(() -> McpHttpOptions.builder().path("mcp"))
        .hasMessage("path must start with /, got mcp");
    assertThatThrownBy(() -> McpHttpOptions.builder().allowOrigin("app.example.com"))
        .hasMessage("origin must start with http:// or https://, got app.example.com");
    assertThatThrownBy(() -> McpHttpOptions.builder().bearerToken(" "))
        .hasMessage("bearerToken must not be blank");
  }

  /** Sends an initialize POST with these headers and returns the raw response. */
  private static String post(int port, String host, String origin, String authorization)
      throws IOException {
    byte[] body = INITIALIZE.getBytes(StandardCharsets.UTF_8);
    StringBuilder request =
        new StringBuilder()
            .append("POST /mcp HTTP/1.1\r\n")
            .append("Host: ")
            .append(host)
            .append("\r\n")
            .append("Content-Type: application/json\r\n")
            .append("Accept: application/json, text/event-stream\r\n")
            .append("Content-Length: ")
            .append(body.length)
            .append("\r\n")
            .append("Connection: close\r\n");
    if (origin != null) {
      request.append("Origin: ").append(origin).append("\r\n");
    }
    if (authorization != null) {
      request.append("Authorization: ").append(authorization).append("\r\n");
    }
    request.append("\r\n");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.UTF_8);
    }
  }

  private static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }
}
