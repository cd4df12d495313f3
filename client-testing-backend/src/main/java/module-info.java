/**
 * The in-memory model of the Copilotz server behind {@code FakeCopilotzServer}. Not an API:
 * exported only to the testing module.
 */
@SuppressWarnings("module") // The module it is exported to is built after it.
module com.copilotz.tasks.testing.backend {
  requires transitive mockwebserver3;
  requires transitive okhttp3;
  requires transitive com.fasterxml.jackson.databind;

  exports com.copilotz.tasks.testing.backend to
      com.copilotz.tasks.testing;
}
