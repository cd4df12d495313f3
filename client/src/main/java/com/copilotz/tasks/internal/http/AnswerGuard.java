package com.copilotz.tasks.internal.http;

import com.copilotz.tasks.internal.errors.ErrorMapper;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The SDK's innermost application interceptor, through which every answer leaves OkHttp's own
 * interceptors: it gives a status {@link FollowUpGuard} held back its value again, and caps an
 * error answer's body at {@link ErrorMapper#BODY_CAP} bytes, so that a huge error page never lands
 * in memory (Retrofit would otherwise buffer all of it).
 */
public final class AnswerGuard implements Interceptor {
  private static final AnswerGuard INSTANCE = new AnswerGuard();

  private AnswerGuard() {}

  /**
   * The interceptor; it holds no state.
   *
   * @return the interceptor
   */
  public static AnswerGuard instance() {
    return INSTANCE;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = FollowUpGuard.released(chain.proceed(chain.request()));
    return response.isSuccessful()
        ? response
        : response.newBuilder().body(capped(response)).build();
  }

  /**
   * The first {@link ErrorMapper#BODY_CAP} bytes of an error body, or what arrived of them before
   * the connection failed: the status is known, so a truncated error body must not turn into an I/O
   * failure.
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
