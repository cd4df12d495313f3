package com.copilotz.tasks.internal.ops;

/**
 * The operations of the client, each as both facades name it and as an observer sees it ({@code
 * TasksObserver.OperationStart.name()}).
 */
public enum OperationName {
  CREATE_TASK("createTask"),
  GET_TASK("getTask"),
  UPDATE_TASK("updateTask"),
  DELETE_TASK("deleteTask"),
  LIST_TASKS("listTasks"),
  GET_WORKFLOW("getWorkflow"),
  GET_STEP("getStep"),
  ADVANCE("advance"),
  FAIL("fail"),
  COMPLETE("complete"),
  CANCEL("cancel"),
  WORKFLOW_STEPS("workflowSteps"),
  FIND_BY_EXT_ID("findByExtId"),
  UPSERT_BY_EXT_ID("upsertByExtId"),
  AWAIT_TASK("awaitTask"),
  CREATE_AND_AWAIT("createAndAwait"),
  WATCH_TASKS("watchTasks"),
  POLL_TASKS("pollTasks"),
  HANDLE_TASK("handleTask"),
  TASK_SYNC("taskSync"),
  LOGIN("login");

  private final String observedName;

  OperationName(String observedName) {
    this.observedName = observedName;
  }

  /**
   * The operation's name, as observers and metrics see it.
   *
   * @return the name, such as {@code getTask}
   */
  public String observedName() {
    return observedName;
  }
}
