package com.copilotz.tasks;

import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.util.Objects;

/** Checks of what a caller passes, made before any request is sent. Each error names the parameter. */
final class Requests {
  private Requests() {}

  static long requirePositive(long id, String name) {
    if (id <= 0) {
      throw new IllegalArgumentException(name + " must be a positive id, was " + id);
    }
    return id;
  }

  static String requireNonBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /**
   * The server answers a create without {@code extId}, {@code name} or {@code description} with a 500 from
   * its database; this says which field is missing instead, before anything is sent.
   */
  static void checkCreate(CreateTaskRequest request) {
    Objects.requireNonNull(request, "request");
    requireNonBlank(request.getExtId(), "request.extId");
    Objects.requireNonNull(request.getStatus(), "request.status");
    Objects.requireNonNull(request.getName(), "request.name");
    Objects.requireNonNull(request.getDescription(), "request.description");
    checkOptionalId(request.getWorkflow(), "request.workflow");
    checkOptionalId(request.getCurrentStep(), "request.currentStep");
  }

  /**
   * An update must set at least one field (an empty {@code context} counts as unset: it is never sent), and
   * may not set a blank {@code extId} or a non-positive id.
   */
  static void checkUpdate(UpdateTaskRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.getExtId() != null) {
      requireNonBlank(request.getExtId(), "request.extId");
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

  private static void checkOptionalId(Long id, String name) {
    if (id != null) {
      requirePositive(id, name);
    }
  }
}
