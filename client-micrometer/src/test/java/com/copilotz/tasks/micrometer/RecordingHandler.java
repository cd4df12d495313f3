package com.copilotz.tasks.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every observation's context in start order, and which were stopped, beside {@code
 * TestObservationRegistry}: its list of contexts is not public on every supported Micrometer.
 */
final class RecordingHandler implements ObservationHandler<Observation.Context> {
  private final List<Observation.Context> started = new CopyOnWriteArrayList<>();
  private final Set<Observation.Context> stopped = ConcurrentHashMap.newKeySet();

  @Override
  public void onStart(Observation.Context context) {
    started.add(context);
  }

  @Override
  public void onStop(Observation.Context context) {
    stopped.add(context);
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return true;
  }

  List<Observation.Context> started() {
    return List.copyOf(started);
  }

  boolean wasStopped(Observation.Context context) {
    return stopped.contains(context);
  }
}
