package com.copilotz.tasks.cli.internal.board;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The board drawn at fixed widths from a fixed set of tasks, and after the fake agent moves them.
 */
class BoardRendererTest {
  static final List<Step> STEPS =
      List.of(
          step(11, "Gather information"), step(12, "Send confirmation email"), step(13, "Done"));

  static BoardModel fixed() {
    BoardModel model = new BoardModel(STEPS);
    model.put(task(1, 11, TaskStatus.ACTIVE, "acme-onboarding", "Onboard Acme"));
    model.put(
        task(2, 11, TaskStatus.ACTIVE, null, "Onboard a customer whose name is very long indeed"));
    model.put(task(3, 12, TaskStatus.PENDING, "globex", "Onboard Globex"));
    model.put(task(4, 13, TaskStatus.COMPLETED, "initech", "Onboard Initech"));
    model.put(task(5, 11, TaskStatus.FAILED, "umbrella", "Onboard Umbrella"));
    model.put(task(6, 11, TaskStatus.ACTIVE, "hooli", "Onboard Hooli"));
    model.put(task(7, 99, TaskStatus.CANCELLED, "stray", "A task at a step of another workflow"));
    return model;
  }

  @Test
  void at80ColumnsEveryCardFits() {
    assertThat(
            String.join(
                "\n", BoardRenderer.render("Onboarding (workflow 1)", fixed(), 80, 10, "q quits")))
        .isEqualTo(
            String.join(
                "\n",
                "Onboarding (workflow 1)",
                "Gather informa… (4)|Send confirmat… (1)|Done (1)           |other (1)",
                "-------------------+-------------------+-------------------+-------------------",
                "* #1 acme-onboardi…|~ #3 globex        |+ #4 initech       |x #7 stray",
                "* #2 Onboard a cus…|                   |                   |",
                "! #5 umbrella      |                   |                   |",
                "* #6 hooli         |                   |                   |",
                "* active  ~ pending  ! failed  + completed  x cancelled   q quits"));
  }

  @Test
  void at40ColumnsCardsAreCutAndAFullColumnSaysHowManyMore() {
    assertThat(BoardRenderer.render("Onboarding (workflow 1)", fixed(), 40, 7, ""))
        .containsExactly(
            "Onboarding (workflow 1)",
            "Gath… (4)|Send… (1)|Done (1) |other (1)",
            "---------+---------+---------+---------",
            "* #1 acm…|~ #3 glo…|+ #4 ini…|x #7 str…",
            "* #2 Onb…|         |         |",
            "+2 more  |         |         |",
            "* active  ~ pending  ! failed  + comple…");
  }

  @Test
  void at200ColumnsTheNamesAreWhole() {
    List<String> lines = BoardRenderer.render("Onboarding (workflow 1)", fixed(), 200, 10, "");

    assertThat(lines.get(1))
        .startsWith("Gather information (4)")
        .contains("|Send confirmation email (1)", "|Done (1)", "|other (1)");
    assertThat(lines.get(4)).startsWith("* #2 Onboard a customer whose name is very long …|");
    assertThat(lines).allMatch(line -> line.length() <= 200);
  }

  @Test
  void theBoardFollowsTheFakeAgentsMoves() {
    try (FakeCopilotzServer copilotz = new FakeCopilotzServer().start()) {
      Workflow workflow = copilotz.seedWorkflow("Support", "triage", "answer", "close");
      var client = copilotz.newClient();
      for (int i = 1; i <= 3; i++) {
        client.createTask(
            new CreateTaskRequest()
                .extId("t-" + i)
                .name("Ticket " + i)
                .description("d")
                .workflow(workflow.getId()));
      }
      BoardModel model = new BoardModel(client.workflowSteps(workflow.getId()));
      client
          .listTasks(com.copilotz.tasks.TaskQuery.builder().workflow(workflow.getId()).build())
          .forEach(model::put);
      assertThat(BoardRenderer.render("Support", model, 60, 8, "").get(1))
          .isEqualTo("triage (3)         |answer (0)         |close (0)");

      copilotz.agent().works("triage", Map.of("ok", "yes")).step();
      client
          .listTasks(com.copilotz.tasks.TaskQuery.builder().workflow(workflow.getId()).build())
          .forEach(model::put);

      List<String> lines = BoardRenderer.render("Support", model, 60, 8, "");
      assertThat(lines.get(1)).isEqualTo("triage (0)         |answer (3)         |close (0)");
      assertThat(lines.get(3)).isEqualTo("                   |* #1 t-1           |");
    }
  }

  @Test
  void aGoneTaskLeavesItsColumnAndTheModelKeepsNoLabelBeyondWhatAScreenShows() {
    BoardModel model = new BoardModel(STEPS);
    for (long id = 1; id <= 10_000; id++) {
      model.put(task(id, 11 + id % 3, TaskStatus.ACTIVE, "ext-" + id, "Task " + id));
    }
    model.remove(3);
    model.remove(99_999);

    assertThat(model.size()).isEqualTo(9_999);
    List<BoardModel.Column> columns = model.columns(3);
    assertThat(columns.get(0).count()).isEqualTo(3_332);
    assertThat(columns.get(0).cards()).extracting(BoardModel.Card::id).containsExactly(6L, 9L, 12L);
    assertThat(columns.get(1).cards())
        .extracting(BoardModel.Card::label)
        .containsExactly("ext-1", "ext-4", "ext-7");
    model.put(task(6, 12, TaskStatus.PENDING, "ext-6", "Task 6"));
    assertThat(model.columns(1).get(0).cards()).extracting(BoardModel.Card::id).containsExactly(9L);
    assertThat(model.columns(1).get(1).count()).isEqualTo(3_335);
    assertThat(model.columns(1).get(0).count()).isEqualTo(3_331);
  }

  static Step step(long id, String name) {
    return new Step().id(id).name(name);
  }

  static Task task(long id, long step, TaskStatus status, String extId, String name) {
    return new Task().id(id).currentStep(step).status(status).extId(extId).name(name).workflow(1L);
  }
}
