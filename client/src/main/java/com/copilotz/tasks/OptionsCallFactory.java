package com.copilotz.tasks;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Retrofit's call factory: applies the {@link RequestOptions} of the call being built (extra headers and
 * query parameters, a timeout) to the OkHttp request. Retrofit builds the OkHttp call when a call's request
 * is first asked for, so {@link ApiCaller} asks for it inside {@link #with}.
 */
final class OptionsCallFactory implements Call.Factory {
  private static final ThreadLocal<RequestOptions> BUILDING = new ThreadLocal<>();

  private final OkHttpClient client;

  OptionsCallFactory(OkHttpClient client) {
    this.client = client;
  }

  /** Runs {@code build} with {@code options} applying to the calls it creates on this thread. */
  static <T> T with(RequestOptions options, Supplier<T> build) {
    if (!options.changesRequest()) {
      return build.get();
    }
    BUILDING.set(options);
    try {
      return build.get();
    } finally {
      BUILDING.remove();
    }
  }

  @Override
  public Call newCall(Request request) {
    RequestOptions options = BUILDING.get();
    if (options == null) {
      return client.newCall(request);
    }
    HttpUrl.Builder url = request.url().newBuilder();
    for (String[] parameter : options.queryParameters) {
      url.addQueryParameter(parameter[0], parameter[1]);
    }
    Request.Builder changed = request.newBuilder().url(url.build()).tag(RequestOptions.class, options);
    for (String[] header : options.headers) {
      changed.header(header[0], header[1]);
    }
    Call call = client.newCall(changed.build());
    if (options.timeout != null) {
      call.timeout().timeout(options.timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    return call;
  }
}
