package com.copilotz.tasks.internal.http;

import com.copilotz.tasks.RequestOptions;
import com.copilotz.tasks.TasksObserver;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Request;

/**
 * What a call carries on its OkHttp request, as its Retrofit {@code @Tag}: the call's {@link
 * RequestOptions}, the observation of the operation it belongs to, and the attempt under way, which
 * the {@link HeadersInterceptor} asks for the headers to add (a trace context). One per call, and
 * none at all for a call of an unobserved operation without options (what a request without a tag
 * means), so that the common call adds nothing to its request. Its attempts run one after another.
 */
public final class CallContext {
  /**
   * The key of the tag, made once: OkHttp 5's {@code Request.tag(Class)} turns its argument into a
   * new Kotlin class reference on every call, an allocation per lookup that this avoids.
   */
  private static final KClass<CallContext> KEY =
      JvmClassMappingKt.getKotlinClass(CallContext.class);

  private final RequestOptions options;
  private final TasksObserver.Operation operation;
  private volatile TasksObserver.Attempt attempt;

  private CallContext(RequestOptions options, TasksObserver.Operation operation) {
    this.options = options;
    this.operation = operation;
  }

  /**
   * The context of a call made with {@code options} for {@code operation} (null when not observed):
   * null when there is nothing to carry.
   *
   * @param options the call's options
   * @param operation the operation's observation, or null
   * @return the context, or null for {@link RequestOptions#NONE} and no observation
   */
  public static CallContext of(RequestOptions options, TasksObserver.Operation operation) {
    return operation == null && options == RequestOptions.NONE
        ? null
        : new CallContext(options, operation);
  }

  /**
   * The context a request carries.
   *
   * @param request the request
   * @return its context, or null when it carries none
   */
  public static CallContext of(Request request) {
    return request.tag(KEY);
  }

  /**
   * The options of a call with this context.
   *
   * @param context the context, or null
   * @return its options; {@link RequestOptions#NONE} for no context
   */
  public static RequestOptions optionsOf(CallContext context) {
    return context == null ? RequestOptions.NONE : context.options;
  }

  /**
   * The observation of the operation the call belongs to.
   *
   * @return the observation, or null when the operation is not observed
   */
  public TasksObserver.Operation operation() {
    return operation;
  }

  /**
   * The observation of the attempt under way.
   *
   * @return the attempt, or null when none is observed
   */
  public TasksObserver.Attempt attempt() {
    return attempt;
  }

  /**
   * Records the attempt under way.
   *
   * @param attempt its observation, or null
   */
  public void attempt(TasksObserver.Attempt attempt) {
    this.attempt = attempt;
  }
}
