package com.copilotz.tasks.internal.auth;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TasksObserver;
import com.copilotz.tasks.TokenProvider;
import com.copilotz.tasks.internal.api.AuthApi;
import com.copilotz.tasks.internal.errors.ErrorMapper;
import com.copilotz.tasks.internal.http.CallContext;
import com.copilotz.tasks.internal.http.CallExecutor;
import com.copilotz.tasks.internal.observe.Observing;
import com.copilotz.tasks.internal.ops.OperationName;
import com.copilotz.tasks.internal.wire.LoginRequest;
import com.copilotz.tasks.internal.wire.LoginResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Logs in at {@code /api/auth/login} and caches the token until shortly before its {@code
 * expiresAt}: one minute before, or halfway through its lifetime when that is shorter. Concurrent
 * callers share one login. A token without {@code expiresAt}, or with one already past by this
 * machine's clock, is kept until the server rejects it.
 */
public final class CredentialsTokenProvider implements TokenProvider {
  /** How long before a token expires it is refreshed, at most. */
  public static final Duration REFRESH_MARGIN = Duration.ofMinutes(1);

  private final AuthApi authApi;
  private final CallExecutor executor;
  private final String username;
  private final String password;
  private final String namespace;
  private final Clock clock;
  private final TasksObserver observer;
  private final ReentrantLock loginLock = new ReentrantLock();

  private volatile CachedToken cached;

  /**
   * Logs in with {@code authApi}'s calls, run by {@code executor}, as {@code username} in {@code
   * namespace}.
   *
   * @param authApi the login service
   * @param executor runs the login
   * @param username the user name
   * @param password the password
   * @param namespace the namespace
   * @param clock the clock a token's expiry is read against
   * @param observer observes each login as an operation, or null
   */
  public CredentialsTokenProvider(
      AuthApi authApi,
      CallExecutor executor,
      String username,
      String password,
      String namespace,
      Clock clock,
      TasksObserver observer) {
    this.authApi = authApi;
    this.executor = executor;
    this.username = username;
    this.password = password;
    this.namespace = namespace;
    this.clock = clock;
    this.observer = observer;
  }

  /**
   * The cached token while it is fresh; never logs in, never waits.
   *
   * @return the token, or null when a login is due
   */
  public String freshToken() {
    CachedToken current = cached;
    return current != null && current.isFresh(clock.instant()) ? current.token : null;
  }

  @Override
  public String token() {
    CachedToken current = cached;
    if (current != null && current.isFresh(clock.instant())) {
      return current.token;
    }
    loginLock.lock();
    try {
      current = cached;
      if (current == null || !current.isFresh(clock.instant())) {
        current = login();
        cached = current;
      }
      return current.token;
    } finally {
      loginLock.unlock();
    }
  }

  @Override
  public boolean refresh(String rejectedToken) {
    loginLock.lock();
    try {
      CachedToken current = cached;
      if (current != null && current.token.equals(rejectedToken)) {
        cached = null;
      }
      return true;
    } finally {
      loginLock.unlock();
    }
  }

  private CachedToken login() {
    Instant now = clock.instant();
    TasksObserver.Operation operation =
        Observing.start(observer, OperationName.LOGIN.observedName(), null, null, false);
    LoginResponse response;
    try {
      response =
          executor.execute(
              authApi.login(
                  new LoginRequest().username(username).password(password).namespace(namespace),
                  CallContext.of(RequestOptions.NONE, operation)));
      if (response.getAccessToken() == null || response.getAccessToken().isBlank()) {
        throw ErrorMapper.answeredWithout("POST /api/auth/login", "an accessToken");
      }
      Observing.ended(operation, null);
    } catch (RuntimeException e) {
      Observing.ended(operation, e);
      throw e;
    }
    String token = response.getAccessToken();
    Instant expiresAt =
        response.getExpiresAt() == null ? null : response.getExpiresAt().toInstant();
    if (expiresAt == null || !expiresAt.isAfter(now)) {
      // No expiry, or one already past by our clock (clock skew): keep the token until the server
      // rejects it.
      return new CachedToken(token, Instant.MAX);
    }
    Duration halfLife = Duration.between(now, expiresAt).dividedBy(2);
    Duration margin = halfLife.compareTo(REFRESH_MARGIN) < 0 ? halfLife : REFRESH_MARGIN;
    return new CachedToken(token, expiresAt.minus(margin));
  }

  @Override
  public String toString() {
    return "CredentialsTokenProvider[namespace=" + namespace + "]";
  }

  private static final class CachedToken {
    final String token;
    final Instant refreshAt;

    CachedToken(String token, Instant refreshAt) {
      this.token = token;
      this.refreshAt = refreshAt;
    }

    boolean isFresh(Instant now) {
      return now.isBefore(refreshAt);
    }
  }
}
