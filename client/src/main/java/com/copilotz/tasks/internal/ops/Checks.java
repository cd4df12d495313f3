package com.copilotz.tasks.internal.ops;

import com.copilotz.tasks.Populate;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The checks of arguments, made before anything is sent: each throws {@link NullPointerException}
 * or {@link IllegalArgumentException} naming the bad argument.
 */
public final class Checks {
  private Checks() {}

  /**
   * Checks an id.
   *
   * @param id the id
   * @param name the parameter's name
   * @return {@code id}
   * @throws IllegalArgumentException if {@code id} is not positive
   */
  public static long requirePositive(long id, String name) {
    if (id <= 0) {
      throw new IllegalArgumentException(name + " must be a positive id, was " + id);
    }
    return id;
  }

  /**
   * Checks a duration.
   *
   * @param duration the duration
   * @param name the parameter's name
   * @return {@code duration}
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is zero or negative
   */
  public static Duration requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
    return duration;
  }

  /**
   * Checks a duration that may be zero.
   *
   * @param duration the duration
   * @param name the parameter's name
   * @return {@code duration}
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public static Duration requireNonNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + duration);
    }
    return duration;
  }

  /**
   * Checks a text.
   *
   * @param value the text
   * @param name the parameter's name
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is blank
   */
  public static String requireNonBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /**
   * Checks an extra header of a call: a valid name and value, by OkHttp's rules.
   *
   * @param name the header's name
   * @param value its value
   * @throws IllegalArgumentException if it is not a valid header
   */
  public static void requireHeader(String name, String value) {
    new okhttp3.Headers.Builder().add(name, value);
  }

  /**
   * The references passed to a method as its parameter {@code name}, checked.
   *
   * @param references the references
   * @param name the parameter's name
   * @return them, as a set
   * @throws NullPointerException if {@code references} or one of them is null
   */
  public static Set<Populate> populateSet(Populate[] references, String name) {
    Set<Populate> set = EnumSet.noneOf(Populate.class);
    for (Populate reference : Objects.requireNonNull(references, name)) {
      set.add(Objects.requireNonNull(reference, name));
    }
    return set;
  }

  /**
   * The server answers a create without {@code extId}, {@code name} or {@code description} with a
   * 500 from its database, and stores a blank string as the string {@code "null"}; this says which
   * field is missing or blank instead, before anything is sent.
   *
   * @param request the create
   * @throws NullPointerException if {@code request} or a required field is null
   * @throws IllegalArgumentException if a field is blank or an id is not positive
   */
  public static void checkCreate(CreateTaskRequest request) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(request.getExtId(), "request.extId is required");
    requireStorable(request.getExtId(), "request.extId");
    if (request.getStatus() != null) {
      requireStorable(request.getStatus().value(), "request.status");
    }
    Objects.requireNonNull(request.getName(), "request.name is required");
    requireStorable(request.getName(), "request.name");
    Objects.requireNonNull(request.getDescription(), "request.description is required");
    requireStorable(request.getDescription(), "request.description");
    checkOptionalId(request.getWorkflow(), "request.workflow");
    checkOptionalId(request.getCurrentStep(), "request.currentStep");
  }

  /**
   * An update must set at least one field (an empty {@code context} counts as unset: it is never
   * sent), and may not set a blank {@code extId}, {@code status}, {@code name} or {@code
   * description} (the server would store the string {@code "null"}) or a non-positive id.
   *
   * @param request the update
   * @throws NullPointerException if {@code request} is null
   * @throws IllegalArgumentException if it sets nothing, a blank text or an id that is not positive
   */
  public static void checkUpdate(UpdateTaskRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.getExtId() != null) {
      requireStorable(request.getExtId(), "request.extId");
    }
    if (request.getStatus() != null) {
      requireStorable(request.getStatus().value(), "request.status");
    }
    if (request.getName() != null) {
      requireStorable(request.getName(), "request.name");
    }
    if (request.getDescription() != null) {
      requireStorable(request.getDescription(), "request.description");
    }
    checkOptionalId(request.getWorkflow(), "request.workflow");
    checkOptionalId(request.getCurrentStep(), "request.currentStep");
    boolean setsSomething =
        request.getExtId() != null
            || request.getWorkflow() != null
            || request.getCurrentStep() != null
            || request.getStatus() != null
            || request.getName() != null
            || request.getDescription() != null
            || (request.getContext() != null && !request.getContext().isEmpty());
    if (!setsSomething) {
      throw new IllegalArgumentException("request sets no field to update");
    }
  }

  /**
   * A text field the server stores as it is: not blank (it would store {@code ""} as the string
   * "null").
   */
  private static void requireStorable(String value, String name) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(
          name + " must not be blank (the server would store it as the string \"null\")");
    }
  }

  private static void checkOptionalId(Long id, String name) {
    if (id != null) {
      requirePositive(id, name);
    }
  }
}
