package com.copilotz.tasks;

import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.InvalidResponseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/**
 * The one place that executes a Retrofit call: it retries what {@link RetryPolicy} allows and turns every
 * way a call can fail into a typed {@link CopilotzException}. Nothing from Jackson, Retrofit or OkHttp
 * escapes it. Exhausted retries raise the exception of the last attempt.
 */
final class ApiCaller {
  /** Waits between attempts; tests replace it to record the waits instead of sleeping. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final ErrorMapper errors;
  private final RetryPolicy retryPolicy;
  private final int maxRetries;
  private final Sleeper sleeper;

  ApiCaller(ErrorMapper errors, RetryPolicy retryPolicy, int maxRetries, Sleeper sleeper) {
    this.errors = errors;
    this.retryPolicy = retryPolicy;
    this.maxRetries = maxRetries;
    this.sleeper = sleeper;
  }

  /**
   * Executes {@code call}, retrying as allowed, and returns its body. A success with an empty body means "not
   * found" for GET and PUT (the real server's answer to a missing id), is an invalid answer for POST, and is
   * null otherwise.
   */
  <T> T execute(Call<T> call) {
    Call<T> attempt = call;
    for (int retry = 1; ; retry++) {
      Request request = attempt.request();
      Response<T> response;
      try {
        response = attempt.execute();
      } catch (InterceptedException e) {
        throw e.unwrap();
      } catch (JsonProcessingException e) {
        throw new InvalidResponseException(
            ErrorMapper.describe(request) + " answered with a body that could not be read: "
                + e.getOriginalMessage(),
            e);
      } catch (IOException e) {
        Duration wait = retry <= maxRetries ? retryPolicy.afterFailure(request, e, retry) : null;
        if (wait == null) {
          throw ErrorMapper.fromIOException(request, e);
        }
        pause(request, wait, e);
        attempt = attempt.clone();
        continue;
      }
      if (!response.isSuccessful() && retry <= maxRetries) {
        Duration wait =
            retryPolicy.afterStatus(request, response.code(), response.headers().get("Retry-After"), retry);
        if (wait != null) {
          closeQuietly(response.errorBody());
          pause(request, wait, null);
          attempt = attempt.clone();
          continue;
        }
      }
      return bodyOf(request, response);
    }
  }

  private void pause(Request request, Duration wait, IOException cause) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CopilotzIOException interrupted =
          new CopilotzIOException(ErrorMapper.describe(request) + " was interrupted while waiting to retry", e);
      if (cause != null) {
        interrupted.addSuppressed(cause);
      }
      throw interrupted;
    }
  }

  private <T> T bodyOf(Request request, Response<T> response) {
    if (!response.isSuccessful()) {
      throw errors.fromResponse(request, response.code(), response.headers(), response.errorBody());
    }
    T body = response.body();
    if (body != null) {
      return body;
    }
    switch (request.method()) {
      case "GET":
      case "PUT":
        throw ErrorMapper.notFound(request, response.code(), response.headers());
      case "POST":
        throw new InvalidResponseException(
            ErrorMapper.describe(request) + " answered " + response.code() + " with an empty body", null);
      default:
        return null;
    }
  }

  private static void closeQuietly(ResponseBody body) {
    if (body != null) {
      body.close();
    }
  }
}
