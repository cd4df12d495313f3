package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.assertRestCall;
import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListTasksTest extends AgainstMockServer {
  /**
   * A server holding tasks 1..total that honours limit and offset, or ignores them as the real one
   * does.
   */
  void serve(int total, boolean honoursPaging) {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            long from = 0;
            long to = total;
            if (honoursPaging) {
              int limit = Integer.parseInt(request.getUrl().queryParameter("limit"));
              from = Math.min(total, Integer.parseInt(request.getUrl().queryParameter("offset")));
              to = Math.min(total, from + limit);
            }
            return json(page(LongStream.rangeClosed(from + 1, to).toArray()));
          }
        });
  }

  static String page(long... ids) {
    return "{\"data\":["
        + LongStream.of(ids)
            .mapToObj(id -> Wire.task(id, "E" + id))
            .collect(Collectors.joining(","))
        + "]}";
  }

  List<Long> listIds(int pageSize) {
    return client
        .listTasks(TaskQuery.builder().pageSize(pageSize).build())
        .map(Task::getId)
        .collect(Collectors.toList());
  }

  List<String> offsetsAsked(int requests) throws InterruptedException {
    List<String> offsets = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      offsets.add(take(server).getUrl().queryParameter("offset"));
    }
    return offsets;
  }

  @Test
  void sendsEveryFilterAndThePagingParameters() throws Exception {
    server.enqueue(json("{\"data\":[]}"));

    List<Task> tasks =
        client
            .listTasks(
                TaskQuery.builder()
                    .extId("SUPPORT 1")
                    .workflow(2)
                    .currentStep(3)
                    .status(TaskStatus.ACTIVE)
                    .name("Resolve it")
                    .pageSize(25)
                    .build())
            .collect(Collectors.toList());

    assertThat(tasks).isEmpty();
    Wire.assertNoBody(
        assertRestCall(
            take(server),
            "GET",
            "/rest/tasks?extId=SUPPORT%201&workflow=2&currentStep=3&status=active&name=Resolve%20it&limit=25&offset=0"));
  }

  @Test
  void withoutFiltersOnlyThePagingParametersAreSent() throws Exception {
    server.enqueue(json("{\"data\":[]}"));

    assertThat(client.listTasks(TaskQuery.builder().build())).isEmpty();

    assertRestCall(take(server), "GET", "/rest/tasks?limit=100&offset=0");
  }

  @ParameterizedTest(name = "{0} tasks, page size {1}")
  @CsvSource({"5, 2, 3", "4, 2, 3", "2, 2, 2", "1, 2, 1", "0, 3, 1", "7, 1, 8"})
  void pagesThroughAServerThatHonoursPaging(int total, int pageSize, int requests)
      throws Exception {
    serve(total, true);

    assertThat(listIds(pageSize))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());

    assertThat(server.getRequestCount()).isEqualTo(requests);
    List<String> expectedOffsets = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      expectedOffsets.add(String.valueOf(Math.min(i * pageSize, total)));
    }
    assertThat(offsetsAsked(requests)).isEqualTo(expectedOffsets);
  }

  @ParameterizedTest(name = "{0} tasks, page size {1}")
  @CsvSource({"5, 2, 1", "1, 2, 1", "0, 2, 1", "2, 2, 2", "3, 3, 2", "1, 1, 2"})
  void endsWithoutDuplicatesWhenTheServerIgnoresPaging(int total, int pageSize, int requests) {
    serve(total, false);

    assertThat(listIds(pageSize))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());

    assertThat(server.getRequestCount()).isEqualTo(requests);
  }

  @Test
  void endsWhenTheServerHonoursLimitButIgnoresOffset() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return json(page(1, 2));
          }
        });

    assertThat(listIds(2)).containsExactly(1L, 2L);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aBareArrayIsReadLikeTheWrappedList() {
    server.enqueue(json("[" + Wire.task(1, "A") + "," + Wire.task(2, "B") + "]"));

    assertThat(listIds(10)).containsExactly(1L, 2L);
  }

  @Test
  void aMissingOrNullDataIsAnEmptyList() {
    server.enqueue(json("{\"data\":null,\"other\":[1]}"));
    server.enqueue(json("{}"));

    assertThat(listIds(10)).isEmpty();
    assertThat(listIds(10)).isEmpty();
  }

  @Test
  void pagesAreFetchedOnlyAsTheStreamIsConsumed() {
    serve(10, true);

    Stream<Task> stream = client.listTasks(TaskQuery.builder().pageSize(3).build());
    assertThat(server.getRequestCount()).isZero();

    assertThat(stream.findFirst()).get().extracting(Task::getId).isEqualTo(1L);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aFailingPageFailsTheTerminalOperation() {
    server.enqueue(json(page(1, 2)));
    server.enqueue(json(500, "{\"error\":{\"message\":\"boom\"}}"));

    List<Long> seen = new ArrayList<>();
    assertThatThrownBy(
            () ->
                client
                    .listTasks(TaskQuery.builder().pageSize(2).build())
                    .forEach(t -> seen.add(t.getId())))
        .isInstanceOf(InternalServerException.class)
        .hasMessage("GET /rest/tasks answered 500: boom");
    assertThat(seen).containsExactly(1L, 2L);
  }
}
