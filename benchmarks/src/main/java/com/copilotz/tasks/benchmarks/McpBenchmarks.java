package com.copilotz.tasks.benchmarks;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.mcp.TasksMcpServer;
import com.copilotz.tasks.model.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A tool call through the MCP server ({@code get_task}, as an agent makes it: one JSON-RPC line in,
 * one line out, on the stdio transport over a loopback socket) against the same {@code getTask} on
 * {@link TasksClient}; both clients answer from the same {@link CannedTransport}, so the difference
 * is the MCP server's own cost per call: JSON-RPC, dispatch, the tool, the answer's JSON. With
 * {@code -prof gc}, the allocation counts every thread's, the server's included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms512m", "-Xmx512m"})
public class McpBenchmarks {
  private TasksClient sdk;
  private Socket agent;
  private ServerSocket listener;
  private Thread serving;
  private OutputStream toServer;
  private InputStream fromServer;
  private BufferedReader lines;

  /** The agent's side allocates nothing per call: one request, sent again, and a reused buffer. */
  private final byte[] request =
      ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_task\","
              + "\"arguments\":{\"id\":4242}}}\n")
          .getBytes(StandardCharsets.UTF_8);

  private final byte[] answer = new byte[1 << 16];

  @Setup(Level.Trial)
  public void start() throws Exception {
    sdk =
        TasksClient.builder()
            .baseUrl(InMemoryBenchmarks.BASE_URL)
            .accessToken(Fixtures.TOKEN)
            .okHttpClient(
                CannedTransport.client(
                    CannedTransport.always(Fixtures.taskJson().getBytes(StandardCharsets.UTF_8))))
            .build();
    TasksMcpServer server = TasksMcpServer.builder(sdk).build();
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    agent = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    agent.setTcpNoDelay(true);
    Socket served = listener.accept();
    served.setTcpNoDelay(true);
    serving =
        new Thread(
            () -> {
              try {
                server.serveStdio(served.getInputStream(), served.getOutputStream());
              } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
              }
            },
            "mcp-server");
    serving.setDaemon(true);
    serving.start();
    toServer = agent.getOutputStream();
    fromServer = agent.getInputStream();
    lines = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
    send(
        "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}\n");
    lines.readLine();
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
    toServer.write(request);
    toServer.flush();
    String first = lines.readLine();
    if (!first.contains("\"_id\":4242") || first.contains("\"isError\":true")) {
      throw new IllegalStateException("the MCP server answered " + first);
    }
    Task task = getTaskSdk();
    if (task.getId() != 4242L) {
      throw new IllegalStateException("the SDK read the wrong task: " + task);
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    agent.close();
    listener.close();
    sdk.close();
  }

  @Benchmark
  public Task getTaskSdk() {
    return sdk.getTask(4242);
  }

  /** Sends the call and reads the answer's line; returns its length. */
  @Benchmark
  public int getTaskMcp() throws IOException {
    toServer.write(request);
    toServer.flush();
    int length = 0;
    while (true) {
      int read = fromServer.read(answer, length, answer.length - length);
      if (read < 0) {
        throw new IOException("the MCP server closed the connection");
      }
      for (int i = length; i < length + read; i++) {
        if (answer[i] == '\n') {
          return i;
        }
      }
      length += read;
    }
  }

  private void send(String line) throws IOException {
    toServer.write(line.getBytes(StandardCharsets.UTF_8));
    toServer.flush();
  }
}
