package com.copilotz.tasks.internal.http;

import com.copilotz.tasks.internal.api.TasksApi;

/**
 * The SDK's version and its {@code User-Agent}, from one source: the {@code User-Agent} the
 * generated Retrofit interfaces declare (the build's version, through the generator's {@code
 * artifactVersion}).
 */
public final class SdkVersion {
  private static final String PRODUCT = "copilotz-tasks-java/";

  /** The {@code User-Agent} the SDK sends, such as {@code copilotz-tasks-java/0.1.0}. */
  public static final String USER_AGENT = TasksApi.USER_AGENT;

  /** The SDK's version, such as {@code 0.1.0}. */
  public static final String VERSION = USER_AGENT.substring(PRODUCT.length());

  private SdkVersion() {}
}
