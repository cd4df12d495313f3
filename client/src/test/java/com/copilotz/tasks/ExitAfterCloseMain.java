package com.copilotz.tasks;

import mockwebserver3.MockWebServer;

/** A program that makes async and blocking calls, then closes its client (or not) and returns from main. */
public final class ExitAfterCloseMain {
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
    }
    server.close();
    System.out.println("main returned");
  }
}
