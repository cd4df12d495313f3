package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Canned answers and request assertions shared by the client tests. */
final class Wire {
  static final String TOKEN = "tk_test_0123456789";

  static final String TASK_JSON =
      "{\"_id\":7,\"extId\":\"SUPPORT_56789\",\"workflow\":2,\"currentStep\":1,\"status\":\"active\","
          + "\"name\":\"Resolve Customer Issue\",\"description\":\"Task to resolve a customer support issue.\","
          + "\"context\":{\"customer\":\"John Doe\",\"issue\":\"Account locked\",\"priority\":\"high\"},"
          + "\"createdAt\":\"2026-11-01T10:00:00.000Z\",\"updatedAt\":\"2026-11-02T11:30:00.000Z\"}";

  private Wire() {}

  /**
   * A MockWebServer whose connections send at once (TCP_NODELAY). MockWebServer writes a response's
   * head and body separately; with Nagle's algorithm on, the body then waits for the client's
   * delayed ACK, about 40 ms per call on a reused connection.
   */
  static MockWebServer server() {
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(
        new ServerSocketFactory() {
          @Override
          public ServerSocket createServerSocket() throws IOException {
            return new ServerSocket() {
              @Override
              public Socket accept() throws IOException {
                Socket socket = super.accept();
                socket.setTcpNoDelay(true);
                return socket;
              }
            };
          }

          @Override
          public ServerSocket createServerSocket(int port) {
            throw new UnsupportedOperationException();
          }

          @Override
          public ServerSocket createServerSocket(int port, int backlog) {
            throw new UnsupportedOperationException();
          }

          @Override
          public ServerSocket createServerSocket(int port, int backlog, InetAddress address) {
            throw new UnsupportedOperationException();
          }
        });
    return server;
  }

  static TasksClient client(MockWebServer server) {
    return TasksClient.builder()
        .baseUrl(server.url("/").toString())
        .accessToken(TOKEN)
        .maxRetries(0)
        .build();
  }

  static MockResponse json(String body) {
    return json(200, body);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  /**
   * The server's clock on an answer: later than {@link #TASK_JSON}'s {@code updatedAt} by a month,
   * so that a settling read with it shows a task nobody wrote while an update's answer was lost.
   */
  static final String SERVER_DATE = "Tue, 01 Dec 2026 10:00:00 GMT";

  /**
   * {@code body} as the answer to a read, with the server's {@code Date} ({@link #SERVER_DATE}).
   */
  static MockResponse dated(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .setHeader("Date", SERVER_DATE)
        .body(body)
        .build();
  }

  static MockResponse text(int code, String contentType, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", contentType)
        .body(body)
        .build();
  }

  static MockResponse empty(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  static String task(long id, String extId) {
    return "{\"_id\":"
        + id
        + ",\"extId\":\""
        + extId
        + "\",\"status\":\"active\",\"name\":\"n\",\"description\":\"d\"}";
  }

  static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest request = server.takeRequest(60, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    return request;
  }

  /** Asserts the method, target (path and query) and the SDK's headers of a /rest call. */
  static RecordedRequest assertRestCall(RecordedRequest request, String method, String target) {
    assertThat(request.getMethod()).isEqualTo(method);
    assertThat(request.getTarget()).isEqualTo(target);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("User-Agent"))
        .matches("copilotz-tasks-java/\\d+\\.\\d+\\.\\d+.*");
    return request;
  }

  /** Asserts a JSON body, byte for byte, and its content type. */
  static void assertJsonBody(RecordedRequest request, String json) {
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.getBody().utf8()).isEqualTo(json);
  }

  static void assertNoBody(RecordedRequest request) {
    assertThat(request.getBodySize()).isZero();
    assertThat(request.getHeaders().get("Content-Type")).isNull();
  }
}
