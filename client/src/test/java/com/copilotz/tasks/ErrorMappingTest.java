package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.BadRequestException;
import com.copilotz.tasks.errors.ConflictException;
import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.CopilotzTimeoutException;
import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.errors.InvalidResponseException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.PermissionDeniedException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.errors.UnexpectedStatusCodeException;
import com.copilotz.tasks.errors.UnprocessableEntityException;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMappingTest extends AgainstMockServer {
  @ParameterizedTest
  @CsvSource({
    "400, com.copilotz.tasks.errors.BadRequestException",
    "401, com.copilotz.tasks.errors.AuthenticationException",
    "403, com.copilotz.tasks.errors.PermissionDeniedException",
    "404, com.copilotz.tasks.errors.NotFoundException",
    "409, com.copilotz.tasks.errors.ConflictException",
    "422, com.copilotz.tasks.errors.UnprocessableEntityException",
    "429, com.copilotz.tasks.errors.RateLimitException",
    "500, com.copilotz.tasks.errors.InternalServerException",
    "502, com.copilotz.tasks.errors.InternalServerException",
    "503, com.copilotz.tasks.errors.InternalServerException",
    "504, com.copilotz.tasks.errors.InternalServerException",
    "405, com.copilotz.tasks.errors.UnexpectedStatusCodeException",
    "418, com.copilotz.tasks.errors.UnexpectedStatusCodeException",
  })
  void eachStatusMapsToItsException(int status, Class<? extends CopilotzApiException> type) {
    server.enqueue(
        json(
            status,
            "{\"error\":{\"message\":\"it went wrong\",\"status\":"
                + status
                + ",\"stack\":\"at x\"}}"));

    CopilotzApiException e = catchThrowableOfType(type, () -> client.getTask(7));

    assertThat(e).isExactlyInstanceOf(type);
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.errorMessage()).isEqualTo("it went wrong");
    assertThat(e.getMessage())
        .isEqualTo("GET /rest/tasks/7 answered " + status + ": it went wrong");
    assertThat(e.body()).contains("\"stack\":\"at x\"");
    assertThat(e.header("content-type")).hasValue("application/json; charset=utf-8");
    assertThat(e.header("Content-Type")).hasValue("application/json; charset=utf-8");
  }

  @Test
  void theServersValidationFailureIsAnInternalServerErrorWithItsMessage() {
    server.enqueue(
        json(
            500,
            "{\"error\":{\"message\":\"NOT NULL constraint failed: tasks.name\",\"status\":500}}"));

    assertThatThrownBy(
            () -> client.updateTask(3, new UpdateTaskRequest().status(TaskStatus.FAILED)))
        .isInstanceOf(InternalServerException.class)
        .hasMessage("PUT /rest/tasks/3 answered 500: NOT NULL constraint failed: tasks.name");
  }

  @Test
  void theProxysUnwrappedEnvelopeIsRead() {
    server.enqueue(json(401, "{\"status\":401,\"message\":\"This is a private path\"}"));

    AuthenticationException e =
        catchThrowableOfType(AuthenticationException.class, () -> client.getTask(1));

    assertThat(e.errorMessage()).isEqualTo("This is a private path");
  }

  @Test
  void anHtmlErrorPageGivesItsTitle() {
    server.enqueue(
        text(
            502,
            "text/html",
            "<html><head><title>502 Bad Gateway</title><style>p{}</style></head>"
                + "<body><h1>Bad Gateway</h1><p>nginx</p></body></html>"));

    InternalServerException e =
        catchThrowableOfType(InternalServerException.class, () -> client.getTask(1));

    assertThat(e.statusCode()).isEqualTo(502);
    assertThat(e.errorMessage()).isEqualTo("502 Bad Gateway");
    assertThat(e.body()).startsWith("<html>");
  }

  @Test
  void anHtmlPageWithoutTitleGivesItsText() {
    server.enqueue(
        text(
            503,
            "text/html",
            "<body>\n<script>var a = 1;</script><h1>Service\n  Unavailable</h1> &amp; back soon</body>"));

    InternalServerException e =
        catchThrowableOfType(InternalServerException.class, () -> client.getTask(1));

    assertThat(e.errorMessage()).isEqualTo("Service Unavailable & back soon");
  }

  @Test
  void aPlainTextBodyIsItsOwnMessage() {
    server.enqueue(text(404, "text/plain", "Module Not Found"));

    NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> client.getTask(1));

    assertThat(e.errorMessage()).isEqualTo("Module Not Found");
  }

  @Test
  void anEmptyErrorBodyLeavesTheMessageEmpty() {
    server.enqueue(Wire.empty(504));

    InternalServerException e =
        catchThrowableOfType(InternalServerException.class, () -> client.getTask(1));

    assertThat(e.errorMessage()).isEmpty();
    assertThat(e.body()).isEmpty();
    assertThat(e.getMessage()).isEqualTo("GET /rest/tasks/1 answered 504");
  }

  @Test
  void malformedJsonInAnErrorBodyGivesAnExcerpt() {
    server.enqueue(json(500, "{\"error\": {\"message\": \"cut off"));

    InternalServerException e =
        catchThrowableOfType(InternalServerException.class, () -> client.getTask(1));

    assertThat(e.errorMessage()).isEqualTo("{\"error\": {\"message\": \"cut off");
  }

  @Test
  void aLongMessageIsShortened() {
    server.enqueue(text(500, "text/plain", "x".repeat(5000)));

    InternalServerException e =
        catchThrowableOfType(InternalServerException.class, () -> client.getTask(1));

    assertThat(e.errorMessage()).hasSize(201).endsWith("…");
    assertThat(e.body()).hasSize(5000);
  }

  @Test
  void aHugeErrorBodyIsCappedAt64KiB() {
    Buffer huge = new Buffer();
    for (int i = 0; i < 1024; i++) {
      huge.writeUtf8("y".repeat(1024));
    }
    server.enqueue(new MockResponse.Builder().code(500).body(huge).build());

    InternalServerException e =
        catchThrowableOfType(InternalServerException.class, () -> client.getTask(1));

    assertThat(e.body()).hasSize(64 * 1024);
  }

  @Test
  void rateLimitReadsRetryAfterInSeconds() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "17").build());

    RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> client.getTask(1));

    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(17));
  }

  @Test
  void rateLimitReadsRetryAfterAsAnHttpDate() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    String inOneMinute =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            clock.instant().plusSeconds(60).atZone(ZoneOffset.UTC));
    server.enqueue(
        new MockResponse.Builder().code(429).setHeader("Retry-After", inOneMinute).build());

    try (TasksClient clocked =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .maxRetries(0)
            .clock(clock)
            .build()) {
      RateLimitException e =
          catchThrowableOfType(RateLimitException.class, () -> clocked.getTask(1));

      assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(60));
    }
  }

  @Test
  void rateLimitWithoutOrWithAnUnreadableRetryAfterHasNone() {
    server.enqueue(Wire.empty(429));
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "soon").build());

    assertThat(catchThrowableOfType(RateLimitException.class, () -> client.getTask(1)).retryAfter())
        .isEmpty();
    assertThat(catchThrowableOfType(RateLimitException.class, () -> client.getTask(1)).retryAfter())
        .isEmpty();
  }

  @Test
  void getAnsweredWithAnEmptyBodyIsNotFound() {
    server.enqueue(Wire.empty(200));

    NotFoundException e =
        catchThrowableOfType(NotFoundException.class, () -> client.getTask(404404));

    assertThat(e.statusCode()).isEqualTo(200);
    assertThat(e.getMessage())
        .isEqualTo(
            "GET /rest/tasks/404404: not found (the server answered 200 with an empty body)");
  }

  @Test
  void putAnsweredWithABlankBodyIsNotFound() {
    server.enqueue(json(" \n"));

    assertThatThrownBy(() -> client.updateTask(5, new UpdateTaskRequest().name("x")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith("PUT /rest/tasks/5: not found");
  }

  @Test
  void workflowsAndStepsAnsweredEmptyAreNotFound() {
    server.enqueue(Wire.empty(200));
    server.enqueue(Wire.empty(200));

    assertThatThrownBy(() -> client.getWorkflow(3)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.getStep(4)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void createAnsweredWithAnEmptyBodyIsAnInvalidResponse() {
    server.enqueue(Wire.empty(200));

    assertThatThrownBy(() -> client.createTask(validCreate()))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessage("POST /rest/tasks answered 200 with an empty body");
  }

  @Test
  void malformedJsonInASuccessIsAnInvalidResponse() {
    server.enqueue(json("{\"_id\": 7, \"name\": "));

    assertThatThrownBy(() -> client.getTask(7))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageStartingWith("GET /rest/tasks/7 answered with a body that could not be read")
        .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
  }

  @Test
  void anHtmlPageInASuccessIsAnInvalidResponse() {
    server.enqueue(text(200, "text/html", "<html><body>Welcome</body></html>"));

    assertThatThrownBy(() -> client.getTask(7)).isInstanceOf(InvalidResponseException.class);
  }

  @Test
  void jsonOfAnotherShapeIsAnInvalidResponse() {
    server.enqueue(json("[1, 2, 3]"));

    assertThatThrownBy(() -> client.getTask(7)).isInstanceOf(InvalidResponseException.class);
  }

  @Test
  void aConnectionResetIsAnIoException() {
    server.enqueue(
        new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());

    assertThatThrownBy(() -> client.getTask(7))
        .isExactlyInstanceOf(CopilotzIOException.class)
        .hasMessageStartingWith("GET /rest/tasks/7 failed: ")
        .hasCauseInstanceOf(java.io.IOException.class);
  }

  @Test
  void aRefusedConnectionIsAnIoException() {
    TasksClient unreachable =
        TasksClient.builder()
            .baseUrl("http://127.0.0.1:1")
            .accessToken(Wire.TOKEN)
            .maxRetries(0)
            .build();

    assertThatThrownBy(() -> unreachable.getTask(1)).isExactlyInstanceOf(CopilotzIOException.class);
    unreachable.close();
  }

  @Test
  void aSlowAnswerIsATimeout() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    try (TasksClient impatient =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .maxRetries(0)
            .timeout(Duration.ofMillis(200))
            .build()) {

      assertThatThrownBy(() -> impatient.getTask(7))
          .isInstanceOf(CopilotzTimeoutException.class)
          .hasMessage("GET /rest/tasks/7 timed out");
    }
  }

  @Test
  void noMessageCarriesTheToken() {
    server.enqueue(json(401, "{\"error\":{\"message\":\"bad token\"}}"));

    Throwable e = catchThrowableOfType(AuthenticationException.class, () -> client.getTask(1));

    assertThat(e.toString()).doesNotContain(Wire.TOKEN);
  }

  @Test
  void badRequestAndFriendsAreApiExceptions() {
    assertThat(CopilotzApiException.class)
        .isAssignableFrom(BadRequestException.class)
        .isAssignableFrom(ConflictException.class)
        .isAssignableFrom(PermissionDeniedException.class)
        .isAssignableFrom(UnprocessableEntityException.class)
        .isAssignableFrom(UnexpectedStatusCodeException.class);
    assertThat(CopilotzIOException.class).isAssignableFrom(CopilotzTimeoutException.class);
  }

  static CreateTaskRequest validCreate() {
    return new CreateTaskRequest().extId("E1").status(TaskStatus.ACTIVE).name("n").description("d");
  }
}
