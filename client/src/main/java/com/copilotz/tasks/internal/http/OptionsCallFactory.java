package com.copilotz.tasks.internal.http;

import com.copilotz.tasks.RequestOptions;
import java.time.Duration;
import java.util.Map;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Retrofit's call factory, the one place that applies a call's {@link RequestOptions} to its OkHttp
 * call: its extra headers and query parameters, and its timeout (as the call's whole-attempt
 * timeout, and as its connect, read and write timeouts). The options come from the request itself:
 * every Retrofit method takes the call's {@link CallContext} as its {@code @Tag}, so they are on
 * the request whenever and wherever Retrofit builds it.
 */
public final class OptionsCallFactory implements Call.Factory {
  private final OkHttpClient client;

  /** The client last derived for a per-call timeout, kept for the next call with the same one. */
  private volatile Derived derived;

  private record Derived(Duration timeout, OkHttpClient client) {}

  /**
   * A factory of {@code client}'s calls.
   *
   * @param client the HTTP client
   */
  public OptionsCallFactory(OkHttpClient client) {
    this.client = client;
  }

  @Override
  public Call newCall(Request request) {
    RequestOptions options = CallContext.optionsOf(CallContext.of(request));
    if (options == RequestOptions.NONE) {
      return client.newCall(request);
    }
    Request changed = request;
    if (!options.headers().isEmpty() || !options.queryParameters().isEmpty()) {
      HttpUrl.Builder url = request.url().newBuilder();
      for (Map.Entry<String, String> parameter : options.queryParameters()) {
        url.addQueryParameter(parameter.getKey(), parameter.getValue());
      }
      Request.Builder builder = request.newBuilder().url(url.build());
      options.headers().forEach(builder::header);
      changed = builder.build();
    }
    return options.timeout().isPresent()
        ? clientFor(options.timeout().get()).newCall(changed)
        : client.newCall(changed);
  }

  /**
   * The client, with every timeout set to {@code timeout}: sharing its pool, dispatcher and
   * interceptors.
   */
  private OkHttpClient clientFor(Duration timeout) {
    Derived last = derived;
    if (last != null && last.timeout.equals(timeout)) {
      return last.client;
    }
    OkHttpClient withTimeout =
        client
            .newBuilder()
            .callTimeout(timeout)
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .build();
    derived = new Derived(timeout, withTimeout);
    return withTimeout;
  }
}
