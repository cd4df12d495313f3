package com.copilotz.tasks;

/**
 * A source of bearer tokens for the client, for when a static token or the built-in login with
 * credentials does not fit: a vault, a token exchange, a test.
 *
 * <p>The client calls {@link #token()} before every call to {@code /rest}, from any thread, so an
 * implementation must be thread-safe and should cache. When the server rejects a token with 401,
 * the client calls {@link #refresh(String)} once; if that returns {@code true} it asks for a token
 * again and repeats the call once.
 */
@FunctionalInterface
public interface TokenProvider {
  /**
   * Returns the token to send as {@code Authorization: Bearer <token>}.
   *
   * @return a non-blank token
   * @throws com.copilotz.tasks.errors.CopilotzException if no token can be obtained; the call that
   *     needed it fails with this exception
   */
  String token();

  /**
   * Tells the provider that the server rejected {@code rejectedToken}, so that the next {@link
   * #token()} returns a different one. Called once per rejected call, possibly from several threads
   * at once with the same token. The default returns {@code false}: the token cannot be refreshed
   * and the call fails with {@link com.copilotz.tasks.errors.AuthenticationException}.
   *
   * @param rejectedToken the token the server answered 401 to
   * @return {@code true} if {@link #token()} may now return a different token
   */
  default boolean refresh(String rejectedToken) {
    return false;
  }
}
