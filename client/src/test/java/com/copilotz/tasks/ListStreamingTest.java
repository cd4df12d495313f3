package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.InvalidResponseException;
import com.copilotz.tasks.model.Task;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import mockwebserver3.SocketEffect;
import okhttp3.ConnectionPool;
import org.junit.jupiter.api.Test;

/**
 * listTasks reads each answer as a stream: tasks come out as the body arrives, and closing stops
 * reading.
 */
class ListStreamingTest extends AgainstMockServer {
  static String tasks(long from, long to) {
    return LongStream.rangeClosed(from, to)
        .mapToObj(id -> Wire.task(id, "E" + id))
        .collect(Collectors.joining(","));
  }

  static final TaskQuery ALL = TaskQuery.builder().build();

  ConnectionPool pool() {
    return client.core().httpClient.connectionPool();
  }

  @Test
  void tasksAreHandedOutBeforeTheBodyHasEnded() throws Exception {
    String head = "{\"data\":[" + tasks(1, 2) + ",";
    // The head comes at once; the rest only after ten minutes (or when the server closes).
    server.enqueue(
        json(head + tasks(3, 5) + "]}")
            .newBuilder()
            .throttleBody(head.length(), 10, TimeUnit.MINUTES)
            .build());

    try (Stream<Task> stream = client.listTasks(ALL)) {
      Iterator<Task> tasks = stream.iterator();
      List<Long> firstTwo =
          CompletableFuture.supplyAsync(() -> List.of(tasks.next().getId(), tasks.next().getId()))
              .get(60, TimeUnit.SECONDS);

      assertThat(firstTwo).containsExactly(1L, 2L);
    }
    assertThat(pool().connectionCount())
        .as("no connection is left leased")
        .isEqualTo(pool().idleConnectionCount());
  }

  @Test
  void closingTheStreamEarlyClosesTheAnswer() throws Exception {
    server.enqueue(json("{\"data\":[" + tasks(1, 500) + "]}"));

    List<Long> firstTen;
    try (Stream<Task> stream = client.listTasks(ALL)) {
      firstTen = stream.limit(10).map(Task::getId).collect(Collectors.toList());
    }

    assertThat(firstTen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(pool().connectionCount()).isEqualTo(pool().idleConnectionCount());
    // The client still works: a later call gets a connection.
    server.enqueue(json(Wire.TASK_JSON));
    assertThat(client.getTask(7).getId()).isEqualTo(7L);
  }

  @Test
  void aListReadToItsEndLeavesTheConnectionReusable() throws Exception {
    server.enqueue(json("{\"data\":[" + tasks(1, 3) + "],\"total\":3,\"meta\":{\"x\":[1,2]}}"));
    server.enqueue(json(Wire.TASK_JSON));

    assertThat(client.listTasks(ALL).map(Task::getId)).containsExactly(1L, 2L, 3L);
    client.getTask(7);

    take(server);
    assertThat(take(server).getExchangeIndex())
        .as("the second call reused the connection")
        .isEqualTo(1);
  }

  @Test
  void fieldsBeforeTheDataAreSkipped() {
    server.enqueue(
        json("{\"meta\":{\"a\":[{\"_id\":99}]},\"count\":2,\"data\":[" + tasks(1, 2) + "]}"));

    assertThat(client.listTasks(ALL).map(Task::getId)).containsExactly(1L, 2L);
  }

  @Test
  void aBareArrayStreamsToo() {
    server.enqueue(json("[" + tasks(1, 3) + "]"));

    assertThat(client.listTasks(ALL).map(Task::getId)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aBodyCutOffAfterTasksWereHandedOutIsATypedFailureAndIsNotRetried() {
    String head = "{\"data\":[" + tasks(1, 3) + ",{\"_id\":4,\"na";
    server.enqueue(
        json(head)
            .newBuilder()
            .setHeader("Content-Length", head.length() + 100)
            .onResponseEnd(new SocketEffect.CloseSocket())
            .build());
    List<Long> seen = new java.util.ArrayList<>();

    try (Stream<Task> stream = client.listTasks(ALL)) {
      assertThatThrownBy(() -> stream.forEach(task -> seen.add(task.getId())))
          .isInstanceOf(CopilotzIOException.class)
          .hasMessageStartingWith("GET /rest/tasks failed");
    }

    assertThat(seen).containsExactly(1L, 2L, 3L);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aMalformedTaskAfterOthersIsAnInvalidResponse() {
    server.enqueue(json("{\"data\":[" + tasks(1, 2) + ",{\"_id\": }]}"));
    List<Long> seen = new java.util.ArrayList<>();

    assertThatThrownBy(() -> client.listTasks(ALL).forEach(task -> seen.add(task.getId())))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("GET /rest/tasks answered with a body that could not be read");
    assertThat(seen).containsExactly(1L, 2L);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aFailureBeforeTheFirstTaskIsRetried() throws Exception {
    try (TasksClient retrying =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .sleeper(wait -> {})
            .build()) {
      String head = "{\"data\":[{\"_id\":1,";
      server.enqueue(
          json(head)
              .newBuilder()
              .setHeader("Content-Length", head.length() + 100)
              .onResponseEnd(new SocketEffect.CloseSocket())
              .build());
      server.enqueue(json("{\"data\":[" + tasks(1, 2) + "]}"));

      assertThat(retrying.listTasks(ALL).map(Task::getId)).containsExactly(1L, 2L);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void notAListAtAllIsAnInvalidResponse() {
    server.enqueue(json("\"tasks\""));

    assertThatThrownBy(() -> client.listTasks(ALL).count())
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("a task list is an object or an array");
  }

  @Test
  void theServerIgnoringLimitSendsEverythingInOneAnswerAndNothingIsAskedAgain() throws Exception {
    server.enqueue(json("{\"data\":[" + tasks(1, 250) + "]}"));

    assertThat(client.listTasks(TaskQuery.builder().pageSize(100).build()).count()).isEqualTo(250);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
