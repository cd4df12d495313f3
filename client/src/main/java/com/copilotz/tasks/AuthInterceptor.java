package com.copilotz.tasks;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The one place that authenticates calls: adds {@code Authorization: Bearer <token>} and, when the server
 * answers 401 and the provider can refresh, refreshes once and repeats the call once.
 */
final class AuthInterceptor implements Interceptor {
  private final TokenProvider tokens;

  AuthInterceptor(TokenProvider tokens) {
    this.tokens = tokens;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String token = token();
    Response response = chain.proceed(withToken(request, token));
    if (response.code() != 401 || !refresh(token)) {
      return response;
    }
    response.close();
    return chain.proceed(withToken(request, token()));
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

  private static Request withToken(Request request, String token) {
    return request.newBuilder().header("Authorization", "Bearer " + token).build();
  }
}
