package com.copilotz.tasks;

/**
 * The {@code Authorization} header values of one client, in one place: {@link SdkInterceptor} asks for the
 * header of the token its {@link TokenProvider} gives (which may log in); {@link Requests} asks for the header
 * of the token already known, without waiting for anything, so that Retrofit builds each request whole and
 * the interceptor need not copy it. One header string per token, made once.
 */
final class BearerHeaders {
  private final TokenProvider tokens;
  /** The last token seen and its header value, so that a token is not concatenated again on every call. */
  private volatile String[] last = {"", ""};

  /** The headers of {@code tokens}' tokens; {@code tokens} is null for the login, which sends none. */
  BearerHeaders(TokenProvider tokens) {
    this.tokens = tokens;
  }

  /** The provider, or null for the login. */
  TokenProvider tokens() {
    return tokens;
  }

  /** The header value for {@code token}. */
  String of(String token) {
    String[] known = last;
    if (known[0].equals(token)) {
      return known[1];
    }
    String header = "Bearer " + token;
    last = new String[] {token, header};
    return header;
  }

  /**
   * The header value for the token the client would send now, when it is known without blocking: a static
   * token, or the cached, fresh token of the credentials login. Null otherwise (a login is due, or a provider
   * of the user's): the interceptor then adds the header itself.
   */
  String known() {
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

  /** A token given to the builder ({@code accessToken}): never refreshed. */
  static final class StaticToken implements TokenProvider {
    final String token;

    StaticToken(String token) {
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
