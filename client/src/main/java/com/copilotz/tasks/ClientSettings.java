package com.copilotz.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What {@link TasksClient.Builder} collected, checked and complete, for {@link ClientCore#open}. Null means
 * "not set" for the optional settings. {@link #toString()} never shows a secret.
 */
record ClientSettings(
    HttpUrl baseUrl,
    String accessToken,
    String username,
    String password,
    String namespace,
    TokenProvider tokenProvider,
    int maxRetries,
    Duration timeout,
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    Duration maxRetryAfter,
    Integer maxConcurrentRequests,
    LogLevel logLevel,
    OkHttpClient okHttpClient,
    ObjectMapper objectMapper,
    Duration workflowCacheTtl,
    Clock clock,
    ApiCaller.Sleeper sleeper,
    TasksObserver observer) {

  /** How the client authenticates, for {@code toString()}: never the token or password itself. */
  String authKind() {
    if (username != null) {
      return "credentials";
    }
    return accessToken != null ? "access token" : "token provider";
  }

  @Override
  public String toString() {
    return "ClientSettings[baseUrl=" + baseUrl + ", auth=" + authKind() + "]";
  }
}
