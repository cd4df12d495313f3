/**
 * Testing support for code that uses the Copilotz Tasks client: {@link
 * com.copilotz.tasks.testing.FakeCopilotzServer}, a stateful in-memory Copilotz server, and {@link
 * com.copilotz.tasks.testing.FakeCopilotzExtension} for JUnit 5, and {@link
 * com.copilotz.tasks.testing.spring.FakeCopilotz} for Spring Boot tests.
 */
module com.copilotz.tasks.testing {
  requires transitive com.copilotz.tasks;
  // FakeCopilotzExtension implements JUnit's extension interfaces: only when JUnit is there (the
  // application's own).
  requires static org.junit.jupiter.api;
  requires com.copilotz.tasks.testing.backend;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires mockwebserver3;
  requires okhttp3;
  // @FakeCopilotz: only when Spring's test framework is there.
  requires static spring.test;
  requires static spring.context;
  requires static spring.core;
  requires static spring.beans;

  exports com.copilotz.tasks.testing;
  exports com.copilotz.tasks.testing.spring;
}
