package com.copilotz.tasks.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import okio.Timeout;

/**
 * An OkHttp client whose last interceptor answers every call with canned bytes: no socket, no
 * server thread. Every contender of the in-memory benchmarks gets this same client, so what is
 * measured is each client's own CPU and allocation per call. A request body is written out (to
 * nowhere), as a socket would take it.
 */
final class CannedTransport {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private CannedTransport() {}

  /**
   * Answers: a request whose path is {@code /rest/tasks} with a GET gets {@code list}; any other
   * gets {@code task}.
   */
  interface Answers {
    ResponseBody answer(Request request);
  }

  static OkHttpClient client(Answers answers) {
    return new OkHttpClient.Builder().addInterceptor(answering(answers)).build();
  }

  static Interceptor answering(Answers answers) {
    return chain -> {
      Request request = chain.request();
      if (request.body() != null) {
        BufferedSink nowhere = Okio.buffer(Okio.blackhole());
        request.body().writeTo(nowhere);
        nowhere.flush();
      }
      return new Response.Builder()
          .request(request)
          .protocol(Protocol.HTTP_1_1)
          .code(200)
          .message("OK")
          .header("Content-Type", JSON.toString())
          .body(answers.answer(request))
          .build();
    };
  }

  /** Always the same bytes. */
  static Answers always(byte[] body) {
    return request -> ResponseBody.create(body, JSON);
  }

  /** A task as the server sends it in a list, about 330 bytes of JSON, for id {@code id}. */
  static String listedTask(long id) {
    return "{\"_id\":"
        + id
        + ",\"extId\":\"REC-"
        + id
        + "\",\"workflow\":2,\"currentStep\":5,\"status\":\"active\","
        + "\"name\":\"Record "
        + id
        + "\",\"description\":\"Synced from the CRM for customer account "
        + id
        + "\","
        + "\"context\":{\"customer\":\"Customer "
        + id
        + "\",\"tier\":\"gold\",\"priority\":3,\"region\":\"emea\"},"
        + "\"createdAt\":\"2026-11-01T10:00:00.000Z\",\"updatedAt\":\"2026-11-02T11:30:00.000Z\"}";
  }

  /**
   * {@code {"data": [...]}} with {@code count} tasks (ids 1 to {@code count}), made as it is read:
   * the body never exists whole, so only the client's memory is measured.
   */
  static ResponseBody generatedList(long count, AtomicLong bytesServed) {
    Source source =
        new Source() {
          private long next = 1;
          private boolean opened;
          private boolean closedArray;

          @Override
          public long read(Buffer sink, long byteCount) {
            long before = sink.size();
            if (!opened) {
              sink.writeUtf8("{\"data\":[");
              opened = true;
            }
            while (sink.size() - before < byteCount && next <= count) {
              if (next > 1) {
                sink.writeByte(',');
              }
              sink.write(listedTask(next++).getBytes(StandardCharsets.UTF_8));
            }
            if (next > count && !closedArray && sink.size() - before < byteCount) {
              sink.writeUtf8("]}");
              closedArray = true;
            }
            long written = sink.size() - before;
            bytesServed.addAndGet(written);
            return written == 0 ? -1 : written;
          }

          @Override
          public Timeout timeout() {
            return Timeout.NONE;
          }

          @Override
          public void close() throws IOException {}
        };
    return ResponseBody.create(Okio.buffer(source), JSON, -1);
  }
}
