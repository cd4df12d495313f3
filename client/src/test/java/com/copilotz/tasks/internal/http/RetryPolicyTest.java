package com.copilotz.tasks.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.errors.BadRequestException;
import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.errors.InvalidInputException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.errors.UnexpectedStatusCodeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What follows a failed attempt, decided alone: no HTTP, no client. */
class RetryPolicyTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  final RetryPolicy policy =
      new RetryPolicy(Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC));

  static Request request(String method) {
    return new Request.Builder()
        .url("https://copilotz.com/rest/tasks")
        .method(
            method,
            method.equals("GET") || method.equals("DELETE")
                ? null
                : RequestBody.create(new byte[0]))
        .build();
  }

  static CopilotzApiException error(int status) {
    if (status == 429) {
      return new RateLimitException("m", status, "e", "", Map.of(), null);
    }
    return status >= 500
        ? new InternalServerException("m", status, "e", "", Map.of())
        : new UnexpectedStatusCodeException("m", status, "e", "", Map.of());
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void aReadOrADeleteIsRetriedAfterATransientStatus(int status) {
    for (String method : new String[] {"GET", "DELETE"}) {
      RetryPolicy.Decision decision = policy.afterStatus(request(method), error(status), null, 1);
      assertThat(decision.retries()).as(method + " " + status).isTrue();
      assertThat(decision.settlesFirst()).isFalse();
      assertThat(decision.waitBefore()).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 422, 501})
  void otherStatusesAreNotRetried(int status) {
    assertThat(policy.afterStatus(request("GET"), error(status), null, 1))
        .isSameAs(RetryPolicy.Decision.NO_RETRY);
  }

  @Test
  void aCreateIsLookedUpFirstWhenAmbiguousRetriedOutrightAfter429AndNeverAfter500() {
    for (int ambiguous : new int[] {408, 502, 503, 504}) {
      RetryPolicy.Decision decision =
          policy.afterStatus(request("POST"), error(ambiguous), null, 1);
      assertThat(decision.settlesFirst()).as(String.valueOf(ambiguous)).isTrue();
    }
    assertThat(policy.afterStatus(request("POST"), error(429), null, 1).settlesFirst()).isFalse();
    assertThat(policy.afterStatus(request("POST"), error(429), null, 1).retries()).isTrue();
    assertThat(policy.afterStatus(request("POST"), error(500), null, 1))
        .isSameAs(RetryPolicy.Decision.NO_RETRY);
  }

  @Test
  void anUpdateIsSettledFirstWhenItsOutcomeIsUnknownAndRetriedOutrightOnlyAfter429() {
    for (int unknown : new int[] {408, 500, 502, 503, 504}) {
      RetryPolicy.Decision decision = policy.afterStatus(request("PUT"), error(unknown), "2", 1);
      assertThat(decision.settlesFirst()).as(String.valueOf(unknown)).isTrue();
      assertThat(decision.waitBefore()).isEqualTo(Duration.ofSeconds(2));
    }
    RetryPolicy.Decision limited = policy.afterStatus(request("PUT"), error(429), "2", 1);
    assertThat(limited.retries()).isTrue();
    assertThat(limited.settlesFirst()).isFalse();
    assertThat(policy.afterStatus(request("PUT"), error(400), null, 1))
        .isSameAs(RetryPolicy.Decision.NO_RETRY);
    assertThat(
            policy
                .afterFailure(request("PUT"), new IOException("unexpected end of stream"), 1, false)
                .settlesFirst())
        .isTrue();
    assertThat(
            policy
                .afterFailure(request("PUT"), new ConnectException("refused"), 1, false)
                .settlesFirst())
        .as("nothing reached the server")
        .isFalse();
  }

  @Test
  void aTimeoutIsAFailureLikeAnyOtherWhicheverOfOkHttpsFiredButACancellationEndsTheCall() {
    // OkHttp's call timeout cancels the call, then throws InterruptedIOException("timeout").
    RetryPolicy.Decision callTimeout =
        policy.afterFailure(request("GET"), new java.io.InterruptedIOException("timeout"), 1, true);
    RetryPolicy.Decision readTimeout =
        policy.afterFailure(request("GET"), new SocketTimeoutException("timeout"), 1, false);
    assertThat(callTimeout.retries()).isTrue();
    assertThat(readTimeout.retries()).isTrue();
    assertThat(
            policy
                .afterFailure(
                    request("POST"), new java.io.InterruptedIOException("timeout"), 1, true)
                .settlesFirst())
        .as("a timed-out create is settled")
        .isTrue();
    assertThat(policy.afterFailure(request("GET"), new IOException("Canceled"), 1, true))
        .isSameAs(RetryPolicy.Decision.NO_RETRY);
  }

  @Test
  void theServersValidationFailuresAreNeverRetried() {
    InvalidInputException invalid =
        new InvalidInputException("m", 500, "SQLITE_ERROR: x", "", Map.of());
    assertThat(policy.afterStatus(request("PUT"), invalid, null, 1))
        .isSameAs(RetryPolicy.Decision.NO_RETRY);
  }

  @Test
  void aFailedListingWaitsRetryAfterOrABackoffAndNeverLessThanTheLoopsInterval() {
    RateLimitException limited =
        new RateLimitException("m", 429, "e", "", Map.of("retry-after", List.of("7")), null);
    assertThat(policy.afterListingFailed(limited, 1, Duration.ofSeconds(1)))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(policy.afterListingFailed(limited, 1, Duration.ofSeconds(30)))
        .isEqualTo(Duration.ofSeconds(30));
    // A failure that does not pass still waits: the backoff, or the interval when longer.
    BadRequestException refused = new BadRequestException("m", 400, "e", "", Map.of());
    assertThat(policy.afterListingFailed(refused, 3, Duration.ofMillis(1)))
        .isBetween(Duration.ofMillis(1500), Duration.ofMillis(2000));
    assertThat(policy.afterListingFailed(refused, 3, Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void retryAfterIsHonouredAsSecondsOrADateAndCapped() {
    assertThat(policy.afterStatus(request("GET"), error(503), "7", 1).waitBefore())
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(
            policy
                .afterStatus(request("GET"), error(503), "Tue, 01 Dec 2026 12:00:30 GMT", 1)
                .waitBefore())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.afterStatus(request("GET"), error(503), "3600", 1).waitBefore())
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(
            RetryPolicy.parseRetryAfter(
                "Tue, 01 Dec 2026 11:00:00 GMT", Clock.fixed(NOW, ZoneOffset.UTC)))
        .isEqualTo(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("soon", Clock.systemUTC())).isNull();
    assertThat(RetryPolicy.parseRetryAfter("-1", Clock.systemUTC())).isNull();
    assertThat(RetryPolicy.parseRetryAfter(null, Clock.systemUTC())).isNull();
  }

  @Test
  void aFailedConnectionIsRetriedForAnyMethodAndAnAmbiguousOneLooksFirstForACreate() {
    assertThat(
            policy
                .afterFailure(request("POST"), new ConnectException("refused"), 1, false)
                .settlesFirst())
        .isFalse();
    assertThat(
            policy
                .afterFailure(request("POST"), new UnknownHostException("x"), 1, false)
                .settlesFirst())
        .isFalse();
    assertThat(
            policy
                .afterFailure(
                    request("POST"), new SocketTimeoutException("connect timed out"), 1, false)
                .settlesFirst())
        .isFalse();
    assertThat(
            policy
                .afterFailure(request("POST"), new SocketTimeoutException("timeout"), 1, false)
                .settlesFirst())
        .isTrue();
    assertThat(
            policy
                .afterFailure(
                    request("POST"), new IOException("unexpected end of stream"), 1, false)
                .settlesFirst())
        .isTrue();
    assertThat(
            policy
                .afterFailure(request("GET"), new IOException("unexpected end of stream"), 2, false)
                .waitBefore())
        .isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
    assertThat(policy.afterFailure(request("GET"), new IOException("Canceled"), 1, false))
        .isSameAs(RetryPolicy.Decision.NO_RETRY);
  }
}
