package com.copilotz.tasks.internal.http;

import com.copilotz.tasks.LogLevel;
import com.copilotz.tasks.internal.errors.ErrorMapper;
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
 * The one place that logs: each HTTP attempt (as an OkHttp interceptor) and each retry, at the
 * client's {@link LogLevel}, through {@link System.Logger}. Secrets never reach the log: {@code
 * Authorization}, {@code Cookie} and {@code Set-Cookie} are redacted, and so is the whole login
 * body.
 */
public final class SdkLog implements Interceptor {
  static final int BODY_LOG_LIMIT = 4096;
  private static final System.Logger LOGGER = System.getLogger("com.copilotz.tasks");
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
   * Logs, at INFO and whatever the client's level, a choice the SDK made about its configuration
   * that the user may not expect. Such lines come once, when a client is configured, never per
   * call.
   *
   * @param message the line
   */
  public static void configuration(String message) {
    LOGGER.log(Level.INFO, message);
  }

  /**
   * Logs, at WARNING and whatever the client's level, something the server will do to what the user
   * sent that the user may not expect. Callers say each such thing once, not per call.
   *
   * @param message the line
   */
  public static void warning(String message) {
    LOGGER.log(Level.WARNING, message);
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
          "Retrying {0} in {1} ms after {2} (retry {3} of {4})",
          ErrorMapper.describe(request),
          waitMillis,
          reason,
          retry,
          maxRetries);
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String call = ErrorMapper.describe(request);
    boolean debug = debugEnabled();
    if (debug) {
      LOGGER.log(
          Level.DEBUG, "--> {0}\n{1}{2}", call, headers(request.headers()), requestBody(request));
    }
    long start = System.nanoTime();
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException e) {
      LOGGER.log(
          Level.INFO, "{0} failed after {1} ms: {2}", call, elapsedMillis(start), e.toString());
      throw e;
    }
    LOGGER.log(Level.INFO, "{0} -> {1} ({2} ms)", call, response.code(), elapsedMillis(start));
    if (debug) {
      LOGGER.log(
          Level.DEBUG,
          "<-- {0} {1}\n{2}{3}",
          response.code(),
          call,
          headers(response.headers()),
          responseBody(request, response));
    }
    return response;
  }

  private static long elapsedMillis(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  static String headers(Headers headers) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      boolean secret = REDACTED_HEADERS.contains(name.toLowerCase(Locale.ROOT));
      text.append(name).append(": ").append(secret ? "██" : headers.value(i)).append('\n');
    }
    return text.toString();
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
