package com.copilotz.tasks.internal.http;

import com.copilotz.tasks.LogLevel;
import com.copilotz.tasks.internal.errors.ErrorMapper;
import com.copilotz.tasks.internal.log.SdkLogger;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/**
 * The request log: each HTTP attempt (as an OkHttp interceptor) and each retry, at the client's
 * {@link LogLevel}, on the logger {@code com.copilotz.tasks.http}, one line per record (at DEBUG,
 * one for the request and one for the answer, headers separated by {@code ;}). Secrets never reach
 * the log: {@code Authorization}, {@code Cookie} and {@code Set-Cookie} are redacted, and so is the
 * whole login body.
 */
public final class SdkLog implements Interceptor {
  static final int BODY_LOG_LIMIT = 4096;
  private static final SdkLogger LOGGER = SdkLogger.HTTP;
  private static final Set<String> REDACTED_HEADERS =
      Set.of("authorization", "cookie", "set-cookie");
  private static final String LOGIN_PATH = "/api/auth/login";

  private final LogLevel level;

  /**
   * Logs at {@code level}.
   *
   * @param level the client's level
   */
  public SdkLog(LogLevel level) {
    this.level = level;
  }

  /**
   * False when the level is {@link LogLevel#OFF}: then the client leaves this interceptor out.
   *
   * @return whether it logs
   */
  public boolean enabled() {
    return level != LogLevel.OFF;
  }

  boolean debugEnabled() {
    return level == LogLevel.DEBUG && LOGGER.isLoggable(Level.DEBUG);
  }

  /**
   * Logs a retry at DEBUG.
   *
   * @param request the request retried
   * @param reason why
   * @param waitMillis the wait before it
   * @param retry the retry's number
   * @param maxRetries how many the call may make
   */
  public void retry(Request request, String reason, long waitMillis, int retry, int maxRetries) {
    if (debugEnabled()) {
      LOGGER.log(
          Level.DEBUG,
          "Retrying "
              + ErrorMapper.describe(request)
              + " in "
              + waitMillis
              + " ms after "
              + reason
              + " (retry "
              + retry
              + " of "
              + maxRetries
              + ")",
          null);
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String call = ErrorMapper.describe(request);
    boolean debug = debugEnabled();
    if (debug) {
      LOGGER.log(
          Level.DEBUG,
          "--> " + call + " " + headers(request.headers()) + requestBody(request),
          null);
    }
    long start = System.nanoTime();
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException e) {
      if (LOGGER.isLoggable(Level.INFO)) {
        LOGGER.log(Level.INFO, call + " failed after " + elapsedMillis(start) + " ms: " + e, null);
      }
      throw e;
    }
    if (LOGGER.isLoggable(Level.INFO)) {
      LOGGER.log(
          Level.INFO, call + " -> " + response.code() + " (" + elapsedMillis(start) + " ms)", null);
    }
    if (debug) {
      LOGGER.log(
          Level.DEBUG,
          "<-- "
              + response.code()
              + " "
              + call
              + " "
              + headers(response.headers())
              + responseBody(request, response),
          null);
    }
    return response;
  }

  private static long elapsedMillis(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** The headers as {@code [Name: value; Name: value] }, secrets redacted. */
  static String headers(Headers headers) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      boolean secret = REDACTED_HEADERS.contains(name.toLowerCase(Locale.ROOT));
      text.append(i == 0 ? "" : "; ").append(name).append(": ");
      text.append(secret ? "██" : headers.value(i));
    }
    return text.append("] ").toString();
  }

  private static String requestBody(Request request) throws IOException {
    if (request.body() == null) {
      return "";
    }
    if (request.url().encodedPath().endsWith(LOGIN_PATH)) {
      return "(login body redacted)";
    }
    Buffer buffer = new Buffer();
    request.body().writeTo(buffer);
    return truncate(buffer);
  }

  private static String responseBody(Request request, Response response) throws IOException {
    if (request.url().encodedPath().endsWith(LOGIN_PATH)) {
      return "(login body redacted)";
    }
    return truncate(new Buffer().write(response.peekBody(BODY_LOG_LIMIT + 1L).bytes()));
  }

  private static String truncate(Buffer buffer) throws IOException {
    if (buffer.size() <= BODY_LOG_LIMIT) {
      return buffer.readString(StandardCharsets.UTF_8);
    }
    return buffer.readString(BODY_LOG_LIMIT, StandardCharsets.UTF_8)
        + "… (cut at "
        + BODY_LOG_LIMIT
        + " bytes)";
  }
}
