/**
 * The Copilotz Tasks Java client: {@link com.copilotz.tasks.TasksClient} and {@link
 * com.copilotz.tasks.AsyncTasksClient} (package {@code com.copilotz.tasks}), the models ({@code
 * com.copilotz.tasks.model}) and the typed exceptions ({@code com.copilotz.tasks.errors}).
 *
 * <p>The mechanics live in {@code com.copilotz.tasks.internal.*}, by concern: {@code http} (the
 * retry engine, the interceptors), {@code auth}, {@code errors}, {@code json}, {@code observe},
 * {@code ops} (the operations), {@code sync} (the bulk sync), {@code watch} (watching a query),
 * {@code worker} (the step worker), and the generated {@code api} (Retrofit interfaces) and {@code
 * wire} (wire-only models). None is API: none is exported to everyone, and those that libraries
 * reflect on are opened to them alone.
 */
@SuppressWarnings("requires-automatic") // Retrofit 3 has an Automatic-Module-Name, no descriptor.
module com.copilotz.tasks {
  // OkHttpClient and ObjectMapper appear in the builder's API.
  requires transitive okhttp3;
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  // The API's nullness (@NullMarked, @Nullable), for Kotlin and null checkers; not needed to run.
  requires static transitive org.jspecify;
  // The SDK's loggers print one line per record on the JDK's default logging (internal.log).
  requires java.logging;
  requires retrofit2;
  requires retrofit2.converter.jackson;
  // OkHttp's Request.tag(KClass): the tag lookup that allocates nothing (OptionsCallFactory).
  requires kotlin.stdlib;

  exports com.copilotz.tasks;
  exports com.copilotz.tasks.errors;
  exports com.copilotz.tasks.model;
  // Not API: the testing kit checks the OkHttp version as the client does, before it starts a fake
  // server.
  exports com.copilotz.tasks.internal.http to
      com.copilotz.tasks.testing;

  opens com.copilotz.tasks.model to
      com.fasterxml.jackson.databind;
  opens com.copilotz.tasks.internal.wire to
      com.fasterxml.jackson.databind;
  opens com.copilotz.tasks.internal.api to
      retrofit2;
}
