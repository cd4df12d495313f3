package com.copilotz.tasks.spring;

import com.copilotz.tasks.LogLevel;
import java.time.Duration;
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
        + "]";
  }

  private static String mask(String secret) {
    return secret == null ? null : "******";
  }
}
