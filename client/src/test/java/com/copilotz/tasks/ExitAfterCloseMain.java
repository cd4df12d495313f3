package com.copilotz.tasks;

import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;

/**
 * A program that makes async and blocking calls, then closes its client (or not) and returns from
 * main. Before it returns it prints the OkHttp threads that would keep the JVM alive.
 */
public final class ExitAfterCloseMain {
  static final String THREADS_LINE = "non-daemon OkHttp threads: ";

  private ExitAfterCloseMain() {}

  public static void main(String[] args) throws Exception {
    boolean close = args.length == 0 || !args[0].equals("leave-open");
    MockWebServer server = Wire.server();
    server.start();
    for (int i = 0; i < 3; i++) {
      server.enqueue(Wire.json(Wire.TASK_JSON));
    }
    TasksClient client = Wire.client(server);
    client.async().getTask(7).join();
    client.async().getTask(7).join();
    client.getTask(7);
    if (close) {
      client.close();
    } else {
      System.out.println(THREADS_LINE + nonDaemonOkHttpThreads());
    }
    server.close();
    System.out.println("main returned");
  }

  static List<String> nonDaemonOkHttpThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(
            thread ->
                thread.isAlive() && !thread.isDaemon() && thread.getName().startsWith("OkHttp"))
        .map(Thread::getName)
        .sorted()
        .collect(Collectors.toList());
  }
}
