package com.copilotz.tasks.internal.http;

import com.copilotz.tasks.internal.observe.Observing;
import java.io.IOException;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sets the headers of every request the SDK sends: its {@code User-Agent} and {@code Accept}, the
 * headers an observer asks for on the attempt under way (a trace context), and, on authenticated
 * calls, {@code Authorization: Bearer <token>} for the token the client's {@link Authorization}
 * gives now (which may log in). The SDK's first application interceptor, so that the user's see
 * each request as it is sent.
 *
 * <p>Retrofit usually builds the request whole (the generated interfaces declare {@code User-Agent}
 * and {@code Accept}, and the call is given the header of the token already known): then it is sent
 * as it is. Otherwise (a login was due, the token changed since, a provider of the user's, an
 * observer's headers) the headers are set on one copy of the request.
 */
public final class HeadersInterceptor implements Interceptor {
  /** Where the {@code Authorization} header of a call comes from. */
  public interface Authorization {
    /**
     * The header value for the token to send now; may log in.
     *
     * @return the value, such as {@code Bearer tk_...}
     * @throws RuntimeException if no token can be had
     */
    String header();
  }

  private final String userAgent;
  private final Authorization auth;

  /**
   * Sets the SDK's headers, and the {@code Authorization} of {@code auth} unless it is null (the
   * login sends none).
   *
   * @param userAgent the {@code User-Agent}
   * @param auth the source of the {@code Authorization} header, or null
   */
  public HeadersInterceptor(String userAgent, Authorization auth) {
    this.userAgent = userAgent;
    this.auth = auth;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String authorization;
    try {
      authorization = auth == null ? null : auth.header();
    } catch (RuntimeException e) {
      throw new InterceptedException(e);
    }
    return chain.proceed(shaped(request, authorization));
  }

  private Request shaped(Request request, String authorization) {
    CallContext context = CallContext.of(request);
    Map<String, String> traced =
        Observing.requestHeaders(context == null ? null : context.attempt());
    if (traced.isEmpty()
        && userAgent.equals(request.header("User-Agent"))
        && (authorization == null || authorization.equals(request.header("Authorization")))) {
      return request;
    }
    Request.Builder shaped =
        request.newBuilder().header("User-Agent", userAgent).header("Accept", "application/json");
    traced.forEach(
        (name, value) -> {
          if (!name.equalsIgnoreCase("Authorization")) {
            shaped.header(name, value);
          }
        });
    if (authorization != null) {
      shaped.header("Authorization", authorization);
    }
    return shaped.build();
  }
}
