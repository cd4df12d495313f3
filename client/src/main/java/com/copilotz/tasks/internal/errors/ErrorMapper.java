package com.copilotz.tasks.internal.errors;

import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.BadRequestException;
import com.copilotz.tasks.errors.ConflictException;
import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.CopilotzTimeoutException;
import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.errors.InvalidInputException;
import com.copilotz.tasks.errors.InvalidResponseException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.PermissionDeniedException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.errors.UnexpectedStatusCodeException;
import com.copilotz.tasks.errors.UnprocessableEntityException;
import com.copilotz.tasks.internal.wire.ErrorEnvelope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Turns every way a call can fail into the SDK's typed exceptions, in one place: an error status
 * and its body, a success whose body cannot be read, a success with an empty body (the server's
 * "not found"), and a call that got no answer.
 */
public final class ErrorMapper {
  /** The most bytes of an error body ever read into memory. */
  public static final int BODY_CAP = 64 * 1024;

  private static final int EXCERPT_LENGTH = 200;
  private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
  private static final Pattern SCRIPT_OR_STYLE =
      Pattern.compile("(?is)<(script|style)[^>]*>.*?</\\1>");
  private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /**
   * The server's deterministic validation failures, as its 500 envelopes word them (README,
   * Errors): the same input fails the same way every time. A busy database ({@code SQLITE_BUSY},
   * {@code SQLITE_LOCKED}), a proxy's page or any other 500 is none of these.
   */
  private static final Pattern INVALID_INPUT =
      Pattern.compile(
          "^(SQLITE_CONSTRAINT\\w*:"
              + "|SQLITE_ERROR:"
              + "|NOT NULL constraint failed:"
              + "|Field \"[^\"]*\" is required but missing or null"
              + "|Missing required fields:)");

  private final ObjectReader envelopeReader;
  private final Function<String, Duration> retryAfter;

  /**
   * A mapper that reads error envelopes with {@code mapper} and a 429's {@code Retry-After} with
   * {@code retryAfter} (the retry policy's reading of it).
   *
   * @param mapper the SDK's JSON mapper
   * @param retryAfter reads a {@code Retry-After} value, or gives null when there is none to read
   */
  public ErrorMapper(
      com.fasterxml.jackson.databind.ObjectMapper mapper, Function<String, Duration> retryAfter) {
    this.envelopeReader = mapper.readerFor(ErrorEnvelope.class);
    this.retryAfter = retryAfter;
  }

  /**
   * How messages name a call, such as {@code "GET /rest/tasks/7"}: never with its query or a
   * header.
   *
   * @param request the call's request
   * @return its method and path
   */
  public static String describe(Request request) {
    return request.method() + " " + request.url().encodedPath();
  }

  /**
   * Maps an error status and its (capped) body, the answer to attempt number {@code attempt} (from
   * 1), to the exception for that status.
   */
  public CopilotzApiException fromResponse(
      Request request, int status, Headers headers, ResponseBody errorBody, int attempt) {
    String body = readCapped(errorBody);
    String errorMessage = errorMessageOf(body);
    String message =
        describe(request)
            + " answered "
            + status
            + redirectNote(request, status, headers)
            + (errorMessage.isEmpty() ? "" : ": " + errorMessage)
            + attempts(attempt);
    Map<String, List<String>> headerMap = headers.toMultimap();
    switch (status) {
      case 400:
        return new BadRequestException(message, status, errorMessage, body, headerMap);
      case 401:
        return new AuthenticationException(message, status, errorMessage, body, headerMap);
      case 403:
        return new PermissionDeniedException(message, status, errorMessage, body, headerMap);
      case 404:
        return new NotFoundException(message, status, errorMessage, body, headerMap);
      case 409:
        return new ConflictException(message, status, errorMessage, body, headerMap);
      case 422:
        return new UnprocessableEntityException(message, status, errorMessage, body, headerMap);
      case 429:
        return new RateLimitException(
            message,
            status,
            errorMessage,
            body,
            headerMap,
            retryAfter.apply(headers.get("Retry-After")));
      default:
        if (status == 500 && isInvalidInput(errorMessage)) {
          return new InvalidInputException(message, status, errorMessage, body, headerMap);
        }
        if (status >= 500 && status <= 599) {
          return new InternalServerException(message, status, errorMessage, body, headerMap);
        }
        return new UnexpectedStatusCodeException(message, status, errorMessage, body, headerMap);
    }
  }

  /**
   * For a redirect the SDK did not follow (a write's, one from https to http), where it pointed
   * (without query, user or password): the API never redirects, so a redirect means the base URL is
   * not where the API answers.
   */
  private static String redirectNote(Request request, int status, Headers headers) {
    if (status < 300 || status > 399) {
      return "";
    }
    String location = headers.get("Location");
    HttpUrl target = location == null ? null : request.url().resolve(location);
    String where =
        target == null
            ? ""
            : " to "
                + target.newBuilder().username("").password("").query(null).fragment(null).build();
    return " (a redirect"
        + where
        + ", which the SDK does not follow for this call: set baseUrl to where the API "
        + "answers)";
  }

  /**
   * How a message says that a call failed after retries: {@code " (after 3 attempts)"}; nothing
   * after one.
   */
  private static String attempts(int attempt) {
    return attempt > 1 ? " (after " + attempt + " attempts)" : "";
  }

  /**
   * True when the server's message is one of its deterministic validation failures: never worth a
   * retry.
   *
   * @param serverMessage the server's {@code error.message}
   * @return whether it is one
   */
  public static boolean isInvalidInput(String serverMessage) {
    return INVALID_INPUT.matcher(serverMessage).find();
  }

  /**
   * What a success with an empty body means: the real server's answer to a missing id for GET and
   * PUT, an invalid answer for POST (a create must return what it made), and nothing for the rest
   * (a delete).
   *
   * @param request the call's request
   * @param status the answer's status
   * @param headers the answer's headers
   * @return the exception, or null when an empty body is the call's result
   */
  public static RuntimeException emptyBody(Request request, int status, Headers headers) {
    switch (request.method()) {
      case "GET":
      case "PUT":
        String errorMessage = "not found (the server answered " + status + " with an empty body)";
        return new NotFoundException(
            describe(request) + ": " + errorMessage,
            status,
            errorMessage,
            "",
            headers.toMultimap());
      case "POST":
        return new InvalidResponseException(
            describe(request) + " answered " + status + " with an empty body", null);
      default:
        return null;
    }
  }

  /**
   * Maps a success whose body could not be read as what the call returns (not JSON, or not that
   * JSON).
   *
   * @param request the call's request
   * @param failure Jackson's failure
   * @return the exception
   */
  public static InvalidResponseException unreadable(
      Request request, JsonProcessingException failure) {
    return new InvalidResponseException(
        describe(request)
            + " answered with a body that could not be read: "
            + failure.getOriginalMessage(),
        failure);
  }

  /**
   * Maps an operation that waits between its calls (a wait for a task) whose thread was interrupted
   * while it waited.
   *
   * @param interrupted the interruption
   * @return the exception
   */
  public static CopilotzIOException interruptedWhileWaiting(InterruptedException interrupted) {
    return new CopilotzIOException("Interrupted while waiting to read the task again", interrupted);
  }

  /**
   * Maps a call whose thread was interrupted while it waited to send the call again.
   *
   * @param request the call's request
   * @param interrupted the interruption
   * @param pending the failure of the attempt before, attached as suppressed
   * @return the exception
   */
  public static CopilotzIOException interruptedWhileWaiting(
      Request request, InterruptedException interrupted, RuntimeException pending) {
    CopilotzIOException error =
        new CopilotzIOException(
            describe(request) + " was interrupted while waiting to retry", interrupted);
    if (pending != null) {
      error.addSuppressed(pending);
    }
    return error;
  }

  /**
   * Maps a call that failed in a way OkHttp does not report as an I/O failure (an error thrown
   * inside it).
   *
   * @param request the call's request
   * @param failure what it threw
   * @return the exception: {@code failure} itself when it is a runtime exception
   */
  public static RuntimeException unexpected(Request request, Throwable failure) {
    return failure instanceof RuntimeException
        ? (RuntimeException) failure
        : new CopilotzException(describe(request) + " failed", failure);
  }

  /**
   * Maps a checked exception OkHttp threw without declaring it: an interruption (a connect on an
   * interrupted thread) is a {@link CopilotzIOException} that says so; anything else as {@link
   * #unexpected}.
   *
   * @param request the call's request
   * @param failure what was thrown
   * @return the exception
   */
  public static RuntimeException undeclared(Request request, Exception failure) {
    if (failure instanceof InterruptedException) {
      return new CopilotzIOException(describe(request) + " was interrupted", failure);
    }
    return unexpected(request, failure);
  }

  /**
   * Maps a success whose body lacks what the call must return.
   *
   * @param call how messages name the call, such as {@code POST /api/auth/login}
   * @param what what it lacks, such as {@code an accessToken}
   * @return the exception
   */
  public static InvalidResponseException answeredWithout(String call, String what) {
    return new InvalidResponseException(call + " answered without " + what, null);
  }

  /**
   * Maps attempt number {@code attempt} (from 1) of a call that got no answer.
   *
   * @param request the call's request
   * @param e how it failed
   * @param attempt the attempt's number
   * @return the exception
   */
  public static CopilotzIOException fromIOException(Request request, IOException e, int attempt) {
    boolean timedOut = timedOut(e);
    String message =
        describe(request) + (timedOut ? " timed out" : " failed: " + e) + attempts(attempt);
    return timedOut
        ? new CopilotzTimeoutException(message, e)
        : new CopilotzIOException(message, e);
  }

  /**
   * True when {@code failure} is a timeout: OkHttp's call timeout (which cancels the call, then
   * throws {@code InterruptedIOException("timeout")}) or a socket's read, write or connect timeout.
   *
   * @param failure an attempt's failure
   * @return whether it timed out
   */
  public static boolean timedOut(IOException failure) {
    return failure instanceof SocketTimeoutException
        || (failure instanceof InterruptedIOException && "timeout".equals(failure.getMessage()));
  }

  /**
   * The failure of a call whose total timeout ended before its next attempt could start.
   *
   * @param request the call's request
   * @param attempts the attempts it made
   * @return the exception
   */
  public static CopilotzTimeoutException totalTimeout(Request request, int attempts) {
    return new CopilotzTimeoutException(
        describe(request) + ": the call's total timeout is over" + attempts(attempts), null);
  }

  /** The server's message from either envelope shape, else a readable excerpt of the body. */
  private String errorMessageOf(String body) {
    String trimmed = body.trim();
    if (trimmed.startsWith("{")) {
      try {
        ErrorEnvelope envelope = envelopeReader.readValue(trimmed);
        String message = envelope.getError() != null ? envelope.getError().getMessage() : null;
        if (message == null) {
          message = envelope.getMessage();
        }
        if (message != null && !message.isBlank()) {
          return excerpt(message);
        }
      } catch (IOException | RuntimeException notAnEnvelope) {
        // Fall through to an excerpt of the text.
      }
    }
    return excerpt(trimmed);
  }

  /** A short one-line excerpt: an HTML page's title, or its text without tags. */
  static String excerpt(String text) {
    String plain = text;
    if (plain.indexOf('<') >= 0) {
      Matcher title = TITLE.matcher(plain);
      String titleText = title.find() ? TAG.matcher(title.group(1)).replaceAll(" ") : "";
      plain =
          titleText.isBlank()
              ? TAG.matcher(SCRIPT_OR_STYLE.matcher(plain).replaceAll(" ")).replaceAll(" ")
              : titleText;
      plain =
          plain
              .replace("&nbsp;", " ")
              .replace("&lt;", "<")
              .replace("&gt;", ">")
              .replace("&quot;", "\"")
              .replace("&#39;", "'")
              .replace("&amp;", "&");
    }
    plain = WHITESPACE.matcher(plain).replaceAll(" ").trim();
    return plain.length() <= EXCERPT_LENGTH ? plain : plain.substring(0, EXCERPT_LENGTH) + "…";
  }

  /** Reads at most {@link #BODY_CAP} bytes of a body as UTF-8, and closes it. */
  private static String readCapped(ResponseBody body) {
    if (body == null) {
      return "";
    }
    try (body) {
      BufferedSource source = body.source();
      source.request(BODY_CAP);
      Buffer buffer = source.getBuffer();
      return buffer.readUtf8(Math.min(buffer.size(), BODY_CAP));
    } catch (IOException unreadable) {
      return "";
    }
  }
}
