/**
 * An application that uses the SDK as a user's modular application would: through its module
 * descriptors.
 */
module com.copilotz.tasks.consumer {
  requires com.copilotz.tasks;
  requires com.copilotz.tasks.testing;
}
