/**
 * Testing support for code that uses the Copilotz Tasks client: {@link
 * com.copilotz.tasks.testing.FakeCopilotzServer}, a stateful in-memory Copilotz server, and {@link
 * com.copilotz.tasks.testing.FakeCopilotzExtension} for JUnit 5.
 */
module com.copilotz.tasks.testing {
  requires transitive com.copilotz.tasks;
  // FakeCopilotzExtension implements JUnit's extension interfaces.
  requires transitive org.junit.jupiter.api;
  requires com.copilotz.tasks.testing.backend;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires mockwebserver3;
  requires okhttp3;

  exports com.copilotz.tasks.testing;
}
