package com.copilotz.tasks.internal.auth;

import com.copilotz.tasks.TokenProvider;
import com.copilotz.tasks.internal.http.CallExecutor;
import com.copilotz.tasks.internal.http.HeadersInterceptor;
import okhttp3.Request;

/**
 * Authentication, in one place: the bearer token of each call from one {@link TokenProvider} (a
 * static token, the credentials login, or the user's), as an {@code Authorization} header value
 * made once per token; and whether a call answered 401 may be repeated with a new token. The {@code
 * HeadersInterceptor} asks for the header of the token the provider gives now (which may log in);
 * the request builders ask for the header of the token already known, without waiting for anything,
 * so that Retrofit builds each request whole.
 */
public final class BearerAuth
    implements HeadersInterceptor.Authorization, CallExecutor.TokenRefresh {
  private static final String PREFIX = "Bearer ";

  private final TokenProvider tokens;

  /**
   * The last token seen and its header value, so that a token is not concatenated again on every
   * call.
   */
  private volatile String[] last = {"", ""};

  /**
   * Authenticates with the tokens of {@code tokens}.
   *
   * @param tokens the source of tokens
   */
  public BearerAuth(TokenProvider tokens) {
    this.tokens = tokens;
  }

  /**
   * The header value for the token the provider gives now; may log in.
   *
   * @return {@code Bearer <token>}
   * @throws IllegalStateException if the provider gives no token
   * @throws RuntimeException whatever the provider throws
   */
  @Override
  public String header() {
    String token = tokens.token();
    if (token == null || token.isBlank()) {
      throw new IllegalStateException("The TokenProvider returned no token");
    }
    return of(token);
  }

  /**
   * The header value for the token the client would send now, when it is known without blocking: a
   * static token, or the cached, fresh token of the credentials login. Null otherwise (a login is
   * due, or a provider of the user's): the interceptor then adds the header itself.
   *
   * @return the header value, or null
   */
  public String known() {
    String token;
    if (tokens instanceof StaticToken) {
      token = ((StaticToken) tokens).token;
    } else if (tokens instanceof CredentialsTokenProvider) {
      token = ((CredentialsTokenProvider) tokens).freshToken();
    } else {
      return null;
    }
    return token == null ? null : of(token);
  }

  /**
   * Tells the provider that the token {@code sent} carried was rejected; true when it can give
   * another.
   *
   * @param sent the request as it was sent
   * @return true when the call may be repeated with a new token
   */
  @Override
  public boolean refreshedAfter401(Request sent) {
    String authorization = sent.header("Authorization");
    if (authorization == null || !authorization.startsWith(PREFIX)) {
      return false;
    }
    return tokens.refresh(authorization.substring(PREFIX.length()));
  }

  private String of(String token) {
    String[] known = last;
    if (known[0].equals(token)) {
      return known[1];
    }
    String header = PREFIX + token;
    last = new String[] {token, header};
    return header;
  }

  /** A token given to the builder ({@code accessToken}): never refreshed. */
  public static final class StaticToken implements TokenProvider {
    final String token;

    /**
     * A provider of {@code token}, always.
     *
     * @param token the token
     */
    public StaticToken(String token) {
      this.token = token;
    }

    @Override
    public String token() {
      return token;
    }

    @Override
    public String toString() {
      return "StaticToken[******]";
    }
  }
}
