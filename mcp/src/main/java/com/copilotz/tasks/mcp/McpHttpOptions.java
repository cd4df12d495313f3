package com.copilotz.tasks.mcp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the MCP server serves Streamable HTTP ({@link TasksMcpServer#startHttp(McpHttpOptions)},
 * {@link TasksMcpServer#httpServlet(McpHttpOptions)}): the address and path, the origins and hosts
 * it answers, and the bearer token it requires. By default it binds to loopback ({@code
 * 127.0.0.1}), answers only {@code localhost}-style {@code Host} headers, and refuses requests from
 * web pages of other origins (the MCP spec's defence against DNS rebinding). Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * McpHttpOptions options = McpHttpOptions.builder().port(3000).bearerToken(System.getenv("MCP_TOKEN")).build();
 * }</pre>
 */
public final class McpHttpOptions {
  /** The address bound by default: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The path of the MCP endpoint by default. */
  public static final String DEFAULT_PATH = "/mcp";

  private final String host;
  private final int port;
  private final String path;
  private final List<String> allowedOrigins;
  private final List<String> allowedHosts;
  private final @Nullable String bearerToken;

  private McpHttpOptions(Builder builder) {
    this.host = builder.host;
    this.port = builder.port;
    this.path = builder.path;
    this.allowedOrigins = List.copyOf(builder.allowedOrigins);
    this.allowedHosts = List.copyOf(builder.allowedHosts);
    this.bearerToken = builder.bearerToken;
  }

  /**
   * Starts options with the defaults: loopback, any free port, {@code /mcp}, no token.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults: loopback, any free port, {@code /mcp}, no token.
   *
   * @return the options
   */
  public static McpHttpOptions defaults() {
    return builder().build();
  }

  /**
   * Returns the address to bind.
   *
   * @return a host name or IP address
   */
  public String host() {
    return host;
  }

  /**
   * Returns the port to listen on; 0 picks a free one.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Returns the path of the MCP endpoint.
   *
   * @return the path, starting with {@code /}
   */
  public String path() {
    return path;
  }

  /**
   * Returns the origins that web pages may call from, beyond loopback's; {@code http://host:*}
   * allows any port.
   *
   * @return the origins
   */
  public List<String> allowedOrigins() {
    return allowedOrigins;
  }

  /**
   * Returns the {@code Host} header values answered beyond loopback's; {@code name:*} allows any
   * port. Empty, on a server bound beyond loopback, answers any.
   *
   * @return the hosts
   */
  public List<String> allowedHosts() {
    return allowedHosts;
  }

  /**
   * Returns the bearer token every request must carry, when one is set. It is the MCP server's own,
   * never the Copilotz token.
   *
   * @return the token
   */
  public Optional<String> bearerToken() {
    return Optional.ofNullable(bearerToken);
  }

  /**
   * Tells whether the host is a loopback address.
   *
   * @return true for {@code 127.0.0.1}, {@code ::1}, {@code localhost}
   */
  public boolean loopback() {
    return isLoopback(host);
  }

  /** Describes the options; never shows the token. */
  @Override
  public String toString() {
    return "McpHttpOptions{host="
        + host
        + ", port="
        + port
        + ", path="
        + path
        + ", allowedOrigins="
        + allowedOrigins
        + ", allowedHosts="
        + allowedHosts
        + ", bearerToken="
        + (bearerToken == null ? "none" : "set")
        + "}";
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Builds {@link McpHttpOptions}. Not thread-safe. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port;
    private String path = DEFAULT_PATH;
    private final List<String> allowedOrigins = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();
    private @Nullable String bearerToken;

    private Builder() {}

    /**
     * Sets the address to bind; {@link #DEFAULT_HOST} by default. An address beyond loopback needs
     * a {@linkplain #bearerToken(String) bearer token}.
     *
     * @param host a host name or IP address
     * @return this builder
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code host} is blank
     */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host;
      return this;
    }

    /**
     * Sets the port; 0 (the default) picks a free one.
     *
     * @param port from 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if {@code port} is out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets the path of the endpoint; {@link #DEFAULT_PATH} by default.
     *
     * @param path a path starting with {@code /}
     * @return this builder
     * @throws NullPointerException if {@code path} is null
     * @throws IllegalArgumentException if {@code path} does not start with {@code /}
     */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with /, got " + path);
      }
      this.path = path;
      return this;
    }

    /**
     * Allows web pages of this origin to call, beyond loopback's.
     *
     * @param origin such as {@code https://app.example.com} or {@code http://intranet:*}
     * @return this builder
     * @throws NullPointerException if {@code origin} is null
     * @throws IllegalArgumentException if {@code origin} has no scheme
     */
    public Builder allowOrigin(String origin) {
      Objects.requireNonNull(origin, "origin");
      if (!origin.startsWith("http://") && !origin.startsWith("https://")) {
        throw new IllegalArgumentException(
            "origin must start with http:// or https://, got " + origin);
      }
      allowedOrigins.add(origin);
      return this;
    }

    /**
     * Answers requests whose {@code Host} header is this, beyond loopback's.
     *
     * @param host such as {@code mcp.example.com} or {@code mcp.internal:*}
     * @return this builder
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code host} is blank
     */
    public Builder allowHost(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("allowed host must not be blank");
      }
      allowedHosts.add(host);
      return this;
    }

    /**
     * Requires this bearer token ({@code Authorization: Bearer <token>}) on every request. It is
     * the MCP server's own secret, never the Copilotz token.
     *
     * @param token the token; null for none
     * @return this builder
     * @throws IllegalArgumentException if {@code token} is blank
     */
    public Builder bearerToken(@Nullable String token) {
      if (token != null && token.isBlank()) {
        throw new IllegalArgumentException("bearerToken must not be blank");
      }
      this.bearerToken = token;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws IllegalStateException if the host is beyond loopback and no bearer token is set
     */
    public McpHttpOptions build() {
      if (bearerToken == null && !isLoopback(host)) {
        throw new IllegalStateException(
            "host "
                + host
                + " is reachable beyond this machine: set a bearerToken so that only your MCP clients"
                + " can call the server");
      }
      return new McpHttpOptions(this);
    }
  }
}
