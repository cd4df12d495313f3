package com.copilotz.tasks;

/**
 * The tag of a call made for an observed operation, in place of its bare {@link RequestOptions}: the options,
 * the operation's observation, and the attempt under way, which {@link SdkInterceptor} asks for the headers
 * to add (a trace context). One per call; its attempts run one after another.
 */
final class ObservedCall {
  final RequestOptions options;
  final TasksObserver.Operation operation;
  volatile TasksObserver.Attempt attempt;

  ObservedCall(RequestOptions options, TasksObserver.Operation operation) {
    this.options = options;
    this.operation = operation;
  }
}
