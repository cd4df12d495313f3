package com.copilotz.tasks;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The one place where the SDK shapes every HTTP exchange: it makes sure each request carries the SDK's
 * {@code User-Agent} and {@code Accept} headers and, on authenticated calls, {@code Authorization: Bearer
 * <token>} for the token the {@link TokenProvider} gives now; when the server answers 401 and the provider can
 * refresh, it refreshes once and repeats the call once; it applies a per-call timeout from
 * {@link RequestOptions}; it adds the headers an observer asks for (a trace context); and it caps error bodies
 * at {@link ErrorMapper#BODY_CAP} bytes, so that a huge error page never lands in memory (Retrofit would
 * otherwise buffer all of it).
 *
 * <p>Retrofit usually builds the request whole (the generated interfaces declare {@code User-Agent} and
 * {@code Accept}, and {@link Requests} passes the header of the token already known): then it is sent as it
 * is. Otherwise (a login was due, the token changed since, a provider of the user's, an observer's headers)
 * the headers are set on one copy of the request.
 */
final class SdkInterceptor implements Interceptor {
  private final String userAgent;
  private final TokenProvider tokens;
  private final BearerHeaders bearer;

  /** Shapes calls with {@code userAgent} and, unless its provider is null (the login), a bearer token. */
  SdkInterceptor(String userAgent, BearerHeaders bearer) {
    this.userAgent = userAgent;
    this.bearer = bearer;
    this.tokens = bearer.tokens();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request original = chain.request();
    RequestOptions options = OptionsCallFactory.optionsOf(original);
    if (options.timeout != null) {
      int millis = (int) Math.min(Integer.MAX_VALUE, options.timeout.toMillis());
      chain =
          chain.withConnectTimeout(millis, TimeUnit.MILLISECONDS)
              .withReadTimeout(millis, TimeUnit.MILLISECONDS)
              .withWriteTimeout(millis, TimeUnit.MILLISECONDS);
    }
    String token = tokens == null ? null : token();
    Response response = chain.proceed(shaped(original, token));
    if (token != null && response.code() == 401 && refresh(token)) {
      response.close();
      response = chain.proceed(shaped(original, token()));
    }
    return response.isSuccessful() ? response : response.newBuilder().body(capped(response)).build();
  }

  private Request shaped(Request request, String token) {
    Map<String, String> traced = Observing.requestHeaders(request);
    String authorization = token == null ? null : bearer.of(token);
    if (traced.isEmpty()
        && userAgent.equals(request.header("User-Agent"))
        && (authorization == null || authorization.equals(request.header("Authorization")))) {
      return request;
    }
    Request.Builder shaped =
        request.newBuilder().header("User-Agent", userAgent).header("Accept", "application/json");
    traced.forEach((name, value) -> {
      if (!name.equalsIgnoreCase("Authorization")) {
        shaped.header(name, value);
      }
    });
    if (authorization != null) {
      shaped.header("Authorization", authorization);
    }
    return shaped.build();
  }

  private String token() throws InterceptedException {
    String token;
    try {
      token = tokens.token();
    } catch (RuntimeException e) {
      throw new InterceptedException(e);
    }
    if (token == null || token.isBlank()) {
      throw new InterceptedException(new IllegalStateException("The TokenProvider returned no token"));
    }
    return token;
  }

  private boolean refresh(String rejected) throws InterceptedException {
    try {
      return tokens.refresh(rejected);
    } catch (RuntimeException e) {
      throw new InterceptedException(e);
    }
  }

  /**
   * The first {@link ErrorMapper#BODY_CAP} bytes of an error body, or what arrived of them before the
   * connection failed: the status is known, so a truncated error body must not turn into an I/O failure.
   */
  private static ResponseBody capped(Response response) {
    ResponseBody body = response.body();
    Buffer kept = new Buffer();
    try (response) {
      BufferedSource source = body.source();
      try {
        source.request(ErrorMapper.BODY_CAP);
      } catch (IOException truncated) {
        // Keep what arrived.
      }
      Buffer arrived = source.getBuffer();
      arrived.copyTo(kept, 0, Math.min(arrived.size(), ErrorMapper.BODY_CAP));
    }
    return ResponseBody.create(kept, body.contentType(), kept.size());
  }
}
