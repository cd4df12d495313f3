/** Metrics and traces for the Copilotz Tasks client through Micrometer's Observation API. */
module com.copilotz.tasks.micrometer {
  requires transitive com.copilotz.tasks;
  requires transitive micrometer.observation;
  requires transitive micrometer.core;
  requires micrometer.commons;

  exports com.copilotz.tasks.micrometer;
}
