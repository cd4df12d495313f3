package com.copilotz.tasks;

import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test of the client against a MockWebServer: a server per test, and a client of it with no
 * retries.
 */
abstract class AgainstMockServer {
  @StartStop final MockWebServer server = Wire.server();
  TasksClient client;

  @BeforeEach
  void startClient() {
    client = Wire.client(server);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }
}
