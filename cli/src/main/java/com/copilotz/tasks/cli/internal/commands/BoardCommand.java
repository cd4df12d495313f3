package com.copilotz.tasks.cli.internal.commands;

import com.copilotz.tasks.TaskEvent;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TaskWatch;
import com.copilotz.tasks.WatchListener;
import com.copilotz.tasks.cli.internal.UsageException;
import com.copilotz.tasks.cli.internal.board.BoardModel;
import com.copilotz.tasks.cli.internal.board.BoardRenderer;
import com.copilotz.tasks.cli.internal.board.LiveBoard;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Workflow;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code copilotz-tasks board --workflow ID}: the live board of a workflow. */
@Command(
    name = "board",
    mixinStandardHelpOptions = true,
    description = {
      "Show a workflow's tasks as a board: a column per step in the workflow's order, a card per task (its"
          + " status mark, id, and extId or name), counts per column, redrawn as the agent moves them.",
      "q or Ctrl-C quits. When the output is not a terminal, the board is printed once."
    },
    footer = {
      "",
      "Examples:",
      "  copilotz-tasks board --workflow 1",
      "  copilotz-tasks board --workflow 1 --width 120 --rows 10 > board.txt"
    })
final class BoardCommand extends Base {
  @Option(
      names = "--workflow",
      required = true,
      paramLabel = "ID",
      description = "The workflow's _id.")
  long workflow;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How often to list the tasks (default 2s).")
  Duration interval = Duration.ofSeconds(2);

  @Option(
      names = "--width",
      paramLabel = "N",
      description = "The width when printed once (default: COLUMNS, else 80).")
  Integer width;

  @Option(
      names = "--rows",
      paramLabel = "N",
      description = "The card rows per column when printed once (default 20).")
  int rows = 20;

  @Override
  int run() throws IOException {
    if (rows < 1) {
      throw new UsageException("--rows must be positive, got " + rows);
    }
    if (width != null && width < 20) {
      throw new UsageException("--width must be at least 20, got " + width);
    }
    Workflow flow = client().getWorkflow(workflow);
    List<Step> steps = client().workflowSteps(workflow);
    BoardModel model = new BoardModel(steps);
    String title =
        (flow.getName() == null ? "workflow " + workflow : flow.getName())
            + " (workflow "
            + workflow
            + ")";
    // The first board is drawn whole, from one listing; the watch then reports the changes.
    client().listTasks(TaskQuery.builder().workflow(workflow).build()).forEach(model::put);
    if (System.console() == null || session().out() != System.out) {
      int shownWidth = width != null ? width : columns();
      for (String line :
          BoardRenderer.render(
              title + ": " + model.size() + " tasks", model, shownWidth, rows + 4, "")) {
        session().out().println(line);
      }
      return OK;
    }
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LiveBoard board = new LiveBoard(terminal, title, model);
      AtomicReference<CopilotzException> stopped = new AtomicReference<>();
      try (TaskWatch watch =
          client()
              .watch(TaskQuery.builder().workflow(workflow).build())
              .interval(interval)
              .reportExistingTasks()
              .start(
                  new WatchListener() {
                    @Override
                    public void onEvent(TaskEvent event) {
                      if (event instanceof TaskEvent.Gone) {
                        model.remove(event.taskId());
                      } else {
                        model.put(WatchCommand.task(event));
                      }
                      board.changed();
                    }

                    @Override
                    public void onStopped(CopilotzException cause) {
                      stopped.set(cause);
                    }
                  })) {
        board.run(() -> stopped.get() != null);
      }
      if (stopped.get() != null) {
        throw stopped.get();
      }
    }
    return OK;
  }

  private int columns() {
    String columns = session().env("COLUMNS");
    try {
      return columns == null ? 80 : Math.max(20, Integer.parseInt(columns));
    } catch (NumberFormatException e) {
      return 80;
    }
  }
}
