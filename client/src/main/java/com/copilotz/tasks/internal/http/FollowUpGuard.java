package com.copilotz.tasks.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Keeps OkHttp from sending a request again by itself, so that every request the server receives is
 * an attempt the SDK's retry engine decided (counted, observed, logged, and looked up first for a
 * create).
 *
 * <p>OkHttp's {@code RetryAndFollowUpInterceptor} repeats a request on its own after some answers.
 * The SDK's HTTP client switches off what a setting can switch off ({@code
 * retryOnConnectionFailure(false)} stops the repeats after a failed connection and after 408;
 * {@code followSslRedirects(false)} the redirects from https to http; an {@code Authenticator.NONE}
 * the 401 follow-up), and this guard holds back what no setting stops (see {@link #heldBack}).
 * {@link #hold()}, the outermost network interceptor, hands such an answer up with its status moved
 * out of the range OkHttp acts on; {@link AnswerGuard}, the innermost application interceptor, puts
 * the status back ({@link #released}) before anyone else sees the answer. OkHttp never follows it
 * up, and the SDK's own rules decide what happens next.
 */
public final class FollowUpGuard {
  /**
   * Added to a held status while it passes OkHttp's follow-up logic: no status it acts on is that
   * high.
   */
  private static final int OFFSET = 1000;

  private static final Interceptor HOLD = FollowUpGuard::hold;

  private FollowUpGuard() {}

  /**
   * The network interceptor that holds back the answers OkHttp would follow up by itself.
   *
   * @return the interceptor
   */
  public static Interceptor hold() {
    return HOLD;
  }

  /**
   * True for an answer OkHttp would follow up by itself whatever the client's settings say, and the
   * SDK does not let it: a 503 (OkHttp repeats it at once after {@code Retry-After: 0}, whatever
   * the method), a 421 (repeated on a coalesced HTTP/2 connection), and a redirect of anything but
   * a read (OkHttp would send a PUT's or a POST's body again to the new location, or turn it into a
   * GET). A read's redirect is followed, on the same scheme only, without {@code Authorization}
   * when it leaves the host.
   */
  static boolean heldBack(Request request, int status) {
    if (status == 503 || status == 421) {
      return true;
    }
    boolean redirect = status >= 300 && status <= 399 && status != 304;
    return redirect && !"GET".equals(request.method());
  }

  private static Response hold(Interceptor.Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    int status = response.code();
    return heldBack(response.request(), status)
        ? response.newBuilder().code(status + OFFSET).build()
        : response;
  }

  /**
   * {@code response} with the status it had on the wire, when it was held back.
   *
   * @param response an answer as OkHttp's follow-up logic handed it up
   * @return the answer as the server sent it
   */
  static Response released(Response response) {
    if (response.code() < OFFSET) {
      return response;
    }
    Response.Builder released = response.newBuilder().code(response.code() - OFFSET);
    Response network = response.networkResponse();
    if (network != null && network.code() >= OFFSET) {
      released.networkResponse(network.newBuilder().code(network.code() - OFFSET).build());
    }
    return released.build();
  }
}
