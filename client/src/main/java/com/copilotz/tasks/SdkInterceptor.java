package com.copilotz.tasks;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Adds the SDK's {@code User-Agent} and {@code Accept} headers to every call, and caps error bodies at
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
    Response response = chain.proceed(request);
    if (response.isSuccessful()) {
      return response;
    }
    ResponseBody capped = response.peekBody(ErrorMapper.BODY_CAP);
    response.close();
    return response.newBuilder().body(capped).build();
  }
}
