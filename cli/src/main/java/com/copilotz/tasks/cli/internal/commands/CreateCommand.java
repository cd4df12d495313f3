package com.copilotz.tasks.cli.internal.commands;

import com.copilotz.tasks.cli.internal.UsageException;
import com.copilotz.tasks.cli.internal.output.TaskPrinter;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code copilotz-tasks create}: from flags, a JSON file, or stdin. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Create a task, from flags or from a JSON object in a file (- for stdin); flags win over the file.",
      "It starts active at the workflow's first step unless --step or --status say otherwise."
    },
    footer = {
      "",
      "Examples:",
      "  copilotz-tasks create --workflow 1 --ext-id order-7 --name 'Refund order 7' --description 'Refund'",
      "  echo '{\"extId\":\"order-8\",\"name\":\"n\",\"description\":\"d\",\"workflow\":1}' | copilotz-tasks create --file -"
    })
final class CreateCommand extends Base {
  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "A JSON object of the task; - reads stdin.")
  String file;

  @Option(names = "--ext-id", paramLabel = "EXT_ID", description = "Your own id for the task.")
  String extId;

  @Option(names = "--name", paramLabel = "NAME", description = "The task's name.")
  String name;

  @Option(names = "--description", paramLabel = "TEXT", description = "What the task is about.")
  String description;

  @Option(names = "--workflow", paramLabel = "ID", description = "The workflow's _id.")
  Long workflow;

  @Option(names = "--step", paramLabel = "ID", description = "The step to start at.")
  Long step;

  @Option(names = "--status", paramLabel = "STATUS", description = "The status to start with.")
  String status;

  @Option(
      names = "--context",
      paramLabel = "JSON",
      description = "The task's context, a JSON object.")
  String context;

  @Override
  int run() throws IOException {
    CreateTaskRequest request = file == null ? new CreateTaskRequest() : read(file);
    if (extId != null) {
      request.extId(extId);
    }
    if (name != null) {
      request.name(name);
    }
    if (description != null) {
      request.description(description);
    }
    if (workflow != null) {
      request.workflow(workflow);
    }
    if (step != null) {
      request.currentStep(step);
    }
    if (status != null) {
      request.status(status("--status", status));
    }
    if (context != null) {
      request.context(object("--context", context));
    }
    for (String[] required :
        new String[][] {
          {"--ext-id", request.getExtId()},
          {"--name", request.getName()},
          {"--description", request.getDescription()}
        }) {
      if (required[1] == null || required[1].isBlank()) {
        throw new UsageException(required[0] + " is required (or its field in --file)");
      }
    }
    printer().print(client().createTask(request));
    return OK;
  }

  private CreateTaskRequest read(String file) throws IOException {
    String where = file.equals("-") ? "stdin" : file;
    try (InputStream in = file.equals("-") ? session().in() : Files.newInputStream(Path.of(file))) {
      return TaskPrinter.JSON
          .readerFor(CreateTaskRequest.class)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(in);
    } catch (NoSuchFileException e) {
      throw new UsageException("--file " + file + " does not exist");
    } catch (JsonProcessingException e) {
      throw new UsageException(
          "--file "
              + where
              + " is not a task's JSON object: "
              + e.getOriginalMessage()
              + " (line "
              + e.getLocation().getLineNr()
              + ")");
    }
  }
}
