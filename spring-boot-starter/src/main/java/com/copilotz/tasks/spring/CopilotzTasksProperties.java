package com.copilotz.tasks.spring;

import com.copilotz.tasks.LogLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The configuration of the Copilotz Tasks client, under {@code copilotz.tasks}. Each property left
 * unset falls back to the SDK's own environment variable ({@code COPILOTZ_BASE_URL}, {@code
 * COPILOTZ_ACCESS_TOKEN}, {@code COPILOTZ_USERNAME}, {@code COPILOTZ_PASSWORD}, {@code
 * COPILOTZ_NAMESPACE}, {@code COPILOTZ_LOG}), then to the SDK's default. {@link #toString()} never
 * shows the token or the password.
 */
@ConfigurationProperties(prefix = "copilotz.tasks")
public class CopilotzTasksProperties {
  /** The Copilotz server to call. Default: https://copilotz.com, or COPILOTZ_BASE_URL. */
  private String baseUrl;

  /**
   * A bearer token for every call. Wins over username, password and namespace. Default:
   * COPILOTZ_ACCESS_TOKEN.
   */
  private String accessToken;

  /**
   * The user to log in as at /api/auth/login, with password and namespace. Default:
   * COPILOTZ_USERNAME.
   */
  private String username;

  /** The password of the user. Default: COPILOTZ_PASSWORD. */
  private String password;

  /** The namespace of the user. Default: COPILOTZ_NAMESPACE. */
  private String namespace;

  /**
   * How long each attempt of a call may take as a whole; reads and writes may each take as long.
   * Default: 60s.
   */
  private Duration timeout;

  /** How long connecting may take. Default: 10s. */
  private Duration connectTimeout;

  /** How many times a failed call may be retried; 0 disables retries. Default: 2. */
  private Integer maxRetries;

  /** The longest wait a server's Retry-After may impose before a retry. Default: 60s. */
  private Duration maxRetryAfter;

  /**
   * How many requests the client runs at once, to the server and overall. Default: 64, or, on an
   * OkHttpClient bean named copilotzTasksOkHttpClient, that client's dispatcher.
   */
  private Integer maxConcurrentRequests;

  /**
   * What the client logs under the com.copilotz.tasks logger: off, info or debug. Default: off, or
   * COPILOTZ_LOG.
   */
  private LogLevel logLevel;

  /**
   * How long workflows and steps are cached for advance, fail and workflowSteps; 0 disables.
   * Default: 5m.
   */
  private Duration workflowCacheTtl;

  /** The health indicator. */
  private final Health health = new Health();

  /** The step workers. */
  private final Workers workers = new Workers();

  /** The MCP server (copilotz-tasks-mcp), served over HTTP by the application. */
  private final Mcp mcp = new Mcp();

  /** The {@link com.copilotz.tasks.StepWorker} beans of the application. */
  public static class Workers {
    /**
     * Whether the starter starts the application's StepWorker beans when the application is ready
     * (they are stopped gracefully on shutdown either way). Default: true; false in tests that
     * drive the workers themselves.
     */
    private boolean enabled = true;

    /**
     * Returns whether the workers are started.
     *
     * @return true when they are
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns the starting of the workers on or off.
     *
     * @param enabled true to start them
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /**
   * The MCP server of {@code copilotz-tasks-mcp}, mounted as a servlet of the application when that
   * module is on the class path and {@code enabled} is true.
   */
  public static class Mcp {
    /** Whether the application serves the MCP server over Streamable HTTP. Default: false. */
    private boolean enabled;

    /** The path of the MCP endpoint. Default: /mcp. */
    private String path = "/mcp";

    /**
     * The bearer token MCP clients must send; the MCP server's own, never the Copilotz token.
     * Required unless server.address is a loopback address.
     */
    private String bearerToken;

    /** Origins, beyond loopback's, that web pages may call the endpoint from. */
    private List<String> allowedOrigins = new ArrayList<>();

    /** Host header values, beyond loopback's, the endpoint answers; empty answers any. */
    private List<String> allowedHosts = new ArrayList<>();

    /** The longest an await_task call may wait. Default: 50s. */
    private Duration maxAwait;

    /**
     * Returns whether the MCP server is served.
     *
     * @return true when it is
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns the MCP server on or off.
     *
     * @param enabled true to serve it
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Returns the endpoint's path.
     *
     * @return the path
     */
    public String getPath() {
      return path;
    }

    /**
     * Sets the endpoint's path.
     *
     * @param path a path starting with /
     */
    public void setPath(String path) {
      this.path = path;
    }

    /**
     * Returns the bearer token MCP clients must send.
     *
     * @return the token, or null when none is required
     */
    public String getBearerToken() {
      return bearerToken;
    }

    /**
     * Sets the bearer token MCP clients must send.
     *
     * @param bearerToken the token
     */
    public void setBearerToken(String bearerToken) {
      this.bearerToken = bearerToken;
    }

    /**
     * Returns the origins web pages may call from, beyond loopback's.
     *
     * @return the origins
     */
    public List<String> getAllowedOrigins() {
      return allowedOrigins;
    }

    /**
     * Sets the origins web pages may call from, beyond loopback's.
     *
     * @param allowedOrigins the origins
     */
    public void setAllowedOrigins(List<String> allowedOrigins) {
      this.allowedOrigins = allowedOrigins;
    }

    /**
     * Returns the Host header values answered beyond loopback's.
     *
     * @return the hosts
     */
    public List<String> getAllowedHosts() {
      return allowedHosts;
    }

    /**
     * Sets the Host header values answered beyond loopback's.
     *
     * @param allowedHosts the hosts
     */
    public void setAllowedHosts(List<String> allowedHosts) {
      this.allowedHosts = allowedHosts;
    }

    /**
     * Returns the longest an await_task call may wait.
     *
     * @return the duration, or null for the default
     */
    public Duration getMaxAwait() {
      return maxAwait;
    }

    /**
     * Sets the longest an await_task call may wait.
     *
     * @param maxAwait from 1s to 10m
     */
    public void setMaxAwait(Duration maxAwait) {
      this.maxAwait = maxAwait;
    }

    /** Describes the MCP settings; never shows the bearer token. */
    @Override
    public String toString() {
      return "Mcp{enabled="
          + enabled
          + ", path="
          + path
          + ", bearerToken="
          + (bearerToken == null ? "none" : "****")
          + ", allowedOrigins="
          + allowedOrigins
          + ", allowedHosts="
          + allowedHosts
          + ", maxAwait="
          + maxAwait
          + "}";
    }
  }

  /** The health indicator of the Copilotz Tasks API. */
  public static class Health {
    /**
     * Whether the health indicator checks that the API is reachable and the credentials work (a
     * listing that matches no task; nothing is created). Default: false.
     */
    private boolean enabled;

    /**
     * Returns whether the health indicator is on.
     *
     * @return true when it is on
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns the health indicator on or off.
     *
     * @param enabled true to turn it on
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /**
   * Returns the Copilotz server to call.
   *
   * @return the base URL, or null when not set
   */
  public String getBaseUrl() {
    return baseUrl;
  }

  /**
   * Sets the Copilotz server to call.
   *
   * @param baseUrl an http or https URL
   */
  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * Returns the bearer token.
   *
   * @return the token, or null when not set
   */
  public String getAccessToken() {
    return accessToken;
  }

  /**
   * Sets the bearer token.
   *
   * @param accessToken the token
   */
  public void setAccessToken(String accessToken) {
    this.accessToken = accessToken;
  }

  /**
   * Returns the user to log in as.
   *
   * @return the user name, or null when not set
   */
  public String getUsername() {
    return username;
  }

  /**
   * Sets the user to log in as.
   *
   * @param username the user name
   */
  public void setUsername(String username) {
    this.username = username;
  }

  /**
   * Returns the password.
   *
   * @return the password, or null when not set
   */
  public String getPassword() {
    return password;
  }

  /**
   * Sets the password.
   *
   * @param password the password
   */
  public void setPassword(String password) {
    this.password = password;
  }

  /**
   * Returns the namespace.
   *
   * @return the namespace, or null when not set
   */
  public String getNamespace() {
    return namespace;
  }

  /**
   * Sets the namespace.
   *
   * @param namespace the namespace
   */
  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  /**
   * Returns the whole-attempt timeout.
   *
   * @return the timeout, or null when not set
   */
  public Duration getTimeout() {
    return timeout;
  }

  /**
   * Sets the whole-attempt timeout.
   *
   * @param timeout a positive duration
   */
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Returns the connect timeout.
   *
   * @return the timeout, or null when not set
   */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /**
   * Sets the connect timeout.
   *
   * @param connectTimeout a positive duration
   */
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * Returns how many times a failed call may be retried.
   *
   * @return the number of retries, or null when not set
   */
  public Integer getMaxRetries() {
    return maxRetries;
  }

  /**
   * Sets how many times a failed call may be retried.
   *
   * @param maxRetries zero or more
   */
  public void setMaxRetries(Integer maxRetries) {
    this.maxRetries = maxRetries;
  }

  /**
   * Returns how many requests the client runs at once.
   *
   * @return the limit, or null when not set
   */
  public Integer getMaxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  /**
   * Sets how many requests the client runs at once, to the server and overall.
   *
   * @param maxConcurrentRequests at least 1
   */
  public void setMaxConcurrentRequests(Integer maxConcurrentRequests) {
    this.maxConcurrentRequests = maxConcurrentRequests;
  }

  /**
   * Returns the cap on a server's Retry-After.
   *
   * @return the cap, or null when not set
   */
  public Duration getMaxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Sets the cap on a server's Retry-After.
   *
   * @param maxRetryAfter a positive duration
   */
  public void setMaxRetryAfter(Duration maxRetryAfter) {
    this.maxRetryAfter = maxRetryAfter;
  }

  /**
   * Returns what the client logs.
   *
   * @return the level, or null when not set
   */
  public LogLevel getLogLevel() {
    return logLevel;
  }

  /**
   * Sets what the client logs.
   *
   * @param logLevel the level
   */
  public void setLogLevel(LogLevel logLevel) {
    this.logLevel = logLevel;
  }

  /**
   * Returns how long workflows and steps are cached.
   *
   * @return the lifetime, or null when not set
   */
  public Duration getWorkflowCacheTtl() {
    return workflowCacheTtl;
  }

  /**
   * Sets how long workflows and steps are cached.
   *
   * @param workflowCacheTtl zero or a positive duration
   */
  public void setWorkflowCacheTtl(Duration workflowCacheTtl) {
    this.workflowCacheTtl = workflowCacheTtl;
  }

  /**
   * Returns the health indicator's settings.
   *
   * @return the settings
   */
  public Health getHealth() {
    return health;
  }

  /**
   * Returns the settings of the step workers.
   *
   * @return the workers' settings
   */
  public Workers getWorkers() {
    return workers;
  }

  /**
   * Returns the MCP server's settings.
   *
   * @return the settings
   */
  public Mcp getMcp() {
    return mcp;
  }

  /** Shows the settings, with the token and the password masked. */
  @Override
  public String toString() {
    return "CopilotzTasksProperties[baseUrl="
        + baseUrl
        + ", accessToken="
        + mask(accessToken)
        + ", username="
        + username
        + ", password="
        + mask(password)
        + ", namespace="
        + namespace
        + ", timeout="
        + timeout
        + ", connectTimeout="
        + connectTimeout
        + ", maxRetries="
        + maxRetries
        + ", maxRetryAfter="
        + maxRetryAfter
        + ", maxConcurrentRequests="
        + maxConcurrentRequests
        + ", logLevel="
        + logLevel
        + ", workflowCacheTtl="
        + workflowCacheTtl
        + ", health.enabled="
        + health.enabled
        + ", mcp="
        + mcp
        + "]";
  }

  private static String mask(String secret) {
    return secret == null ? null : "******";
  }
}
