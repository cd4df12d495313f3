package com.copilotz.tasks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Adds the SDK's {@code User-Agent} and {@code Accept} headers to every call, applies a per-call timeout
 * from {@link RequestOptions} to each read, write and connect, and caps error bodies at
 * {@link ErrorMapper#BODY_CAP} bytes so that a huge error page never lands in memory (Retrofit would
 * otherwise buffer all of it).
 */
final class SdkInterceptor implements Interceptor {
  private final String userAgent;

  SdkInterceptor(String userAgent) {
    this.userAgent = userAgent;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request =
        chain.request().newBuilder()
            .header("User-Agent", userAgent)
            .header("Accept", "application/json")
            .build();
    RequestOptions options = request.tag(RequestOptions.class);
    if (options != null && options.timeout != null) {
      int millis = (int) Math.min(Integer.MAX_VALUE, options.timeout.toMillis());
      chain =
          chain.withConnectTimeout(millis, TimeUnit.MILLISECONDS)
              .withReadTimeout(millis, TimeUnit.MILLISECONDS)
              .withWriteTimeout(millis, TimeUnit.MILLISECONDS);
    }
    Response response = chain.proceed(request);
    if (response.isSuccessful()) {
      return response;
    }
    return response.newBuilder().body(capped(response)).build();
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
