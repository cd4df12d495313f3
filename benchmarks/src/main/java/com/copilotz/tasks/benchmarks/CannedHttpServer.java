package com.copilotz.tasks.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The server every contender calls: HTTP/1.1 with keep-alive on loopback, one thread per
 * connection, that reads a request and writes one canned answer in a single write (TCP_NODELAY), so
 * that it costs the same, and as little as possible, for everyone. GET answers the task; POST
 * answers the same task as created. With a latency, each connection's thread waits that long before
 * it answers, so that many requests at once are answered together, as a real server's would be.
 */
final class CannedHttpServer implements AutoCloseable {
  private final ServerSocket serverSocket;
  private final byte[] answer;
  private final long latencyMillis;
  private volatile boolean running = true;

  CannedHttpServer(String taskJson) throws IOException {
    this(taskJson, Duration.ZERO);
  }

  CannedHttpServer(String taskJson, Duration latency) throws IOException {
    this.latencyMillis = latency.toMillis();
    byte[] body = taskJson.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    this.answer = new byte[head.length + body.length];
    System.arraycopy(head, 0, answer, 0, head.length);
    System.arraycopy(body, 0, answer, head.length, body.length);
    this.serverSocket = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "canned-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + serverSocket.getLocalPort() + "/";
  }

  private void acceptLoop() {
    while (running) {
      try {
        Socket socket = serverSocket.accept();
        socket.setTcpNoDelay(true);
        Thread connection = new Thread(() -> serve(socket), "canned-server-connection");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        OutputStream out = socket.getOutputStream()) {
      while (running) {
        int contentLength = readHead(in);
        if (contentLength < 0) {
          return;
        }
        in.skipNBytes(contentLength);
        if (latencyMillis > 0) {
          Thread.sleep(latencyMillis);
        }
        out.write(answer);
        out.flush();
      }
    } catch (IOException closed) {
      // The client closed the connection.
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads a request's head; returns its Content-Length (0 when absent), or -1 at end of stream. */
  private static int readHead(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int contentLength = 0;
    boolean sawAnything = false;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return -1;
      }
      sawAnything = true;
      if (c == '\n') {
        String text = line.toString().trim();
        if (text.isEmpty() && sawAnything) {
          return contentLength;
        }
        if (text.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          contentLength = Integer.parseInt(text.substring(15).trim());
        }
        line.setLength(0);
      } else {
        line.append((char) c);
      }
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    serverSocket.close();
  }
}
