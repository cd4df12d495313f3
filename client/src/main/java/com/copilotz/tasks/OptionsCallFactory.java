package com.copilotz.tasks;

import java.util.concurrent.TimeUnit;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Retrofit's call factory: applies a call's {@link RequestOptions} (extra headers and query parameters, a
 * timeout) to its OkHttp call. The options come from the request itself: every Retrofit method takes them
 * (alone, or in an {@link ObservedCall}) as its {@code @Tag} parameter, so they are on the request whenever
 * and wherever Retrofit builds it.
 */
final class OptionsCallFactory implements Call.Factory {
  private final OkHttpClient client;

  OptionsCallFactory(OkHttpClient client) {
    this.client = client;
  }

  /**
   * The key of the SDK's tag, made once: OkHttp 5's {@code Request.tag(Class)} turns its argument into a new
   * Kotlin class reference on every call, an allocation per lookup that this avoids.
   */
  private static final KClass<Object> TAG = JvmClassMappingKt.getKotlinClass(Object.class);

  /** The SDK's tag of a request: its {@link RequestOptions}, its {@link ObservedCall}, or null. */
  static Object tagOf(Request request) {
    return request.tag(TAG);
  }

  /** The options a request was built with; {@link RequestOptions#NONE} when it carries none. */
  static RequestOptions optionsOf(Request request) {
    return optionsOf(tagOf(request));
  }

  /**
   * The options in a call's tag: the tag is the call's {@link RequestOptions}, or an {@link ObservedCall}
   * holding them, or nothing for {@link RequestOptions#NONE}.
   */
  static RequestOptions optionsOf(Object tag) {
    if (tag instanceof RequestOptions) {
      return (RequestOptions) tag;
    }
    return tag instanceof ObservedCall ? ((ObservedCall) tag).options : RequestOptions.NONE;
  }

  @Override
  public Call newCall(Request request) {
    RequestOptions options = optionsOf(request);
    if (!options.changesRequest()) {
      return client.newCall(request);
    }
    HttpUrl.Builder url = request.url().newBuilder();
    for (String[] parameter : options.queryParameters) {
      url.addQueryParameter(parameter[0], parameter[1]);
    }
    Request.Builder changed = request.newBuilder().url(url.build());
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
