package com.copilotz.tasks.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * What the converter returns, in place of the type the call expects, for a success body that is not
 * the JSON it should be (an HTML page, a truncated or malformed document). The call executor checks
 * for it before the body reaches anyone.
 */
public final class Unreadable {
  private final JsonProcessingException failure;

  Unreadable(JsonProcessingException failure) {
    this.failure = failure;
  }

  /**
   * Why the body could not be read.
   *
   * @return Jackson's failure
   */
  public JsonProcessingException failure() {
    return failure;
  }
}
