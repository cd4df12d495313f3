package com.copilotz.tasks.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The most heap the JVM has used since it started, and how the benchmarks pass figures back to the
 * runner.
 */
final class HeapPeak {
  private HeapPeak() {}

  /** The sum of the heap pools' peaks, in bytes: an upper bound of the most heap in use at once. */
  static long bytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** The peak of the old generation, where what a run keeps ends up: the heap a run truly needs. */
  static long oldGenPeak() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      String name = pool.getName();
      if (pool.getType() == MemoryType.HEAP && (name.contains("Old") || name.contains("Tenured"))) {
        peak = Math.max(peak, pool.getPeakUsage().getUsed());
      }
    }
    return peak;
  }

  static long maxHeap() {
    return Runtime.getRuntime().maxMemory();
  }

  /** Appends {@code line} to the runner's checks file, when the runner gave one. */
  static void record(String line) throws IOException {
    String file = System.getProperty("copilotz.checks");
    if (file != null) {
      Files.writeString(
          Path.of(file), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }
}
