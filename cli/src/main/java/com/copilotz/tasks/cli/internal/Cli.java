package com.copilotz.tasks.cli.internal;

import com.copilotz.tasks.cli.internal.commands.Root;
import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.CopilotzApiException;
import com.copilotz.tasks.errors.CopilotzException;
import com.copilotz.tasks.errors.CopilotzIOException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.PermissionDeniedException;
import com.copilotz.tasks.errors.RateLimitException;
import com.copilotz.tasks.errors.TaskMovedException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Runs one command line: parses it with picocli, runs the command, and turns what fails into one
 * line on stderr and an exit status ({@link ExitStatus}); a stack trace only with {@code
 * --verbose}.
 */
public final class Cli {
  private Cli() {}

  /**
   * Runs {@code args}.
   *
   * @param args the command line
   * @param in standard input
   * @param out standard output
   * @param err standard error
   * @param environment reads an environment variable
   * @return the exit status
   */
  public static int run(
      String[] args,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Function<String, String> environment) {
    try (Session session = new Session(in, out, err, environment)) {
      CommandLine line = commandLine(session);
      return line.execute(args);
    }
  }

  /** The command line of a session, with its handlers. */
  public static CommandLine commandLine(Session session) {
    Root root = new Root(session);
    CommandLine line = new CommandLine(root);
    line.setOut(new PrintWriter(session.out(), true, StandardCharsets.UTF_8));
    line.setErr(new PrintWriter(session.err(), true, StandardCharsets.UTF_8));
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setParameterExceptionHandler(
        (exception, args) -> {
          CommandLine command = exception.getCommandLine();
          session
              .err()
              .println(
                  "copilotz-tasks: "
                      + exception.getMessage()
                      + " (see "
                      + command.getCommandSpec().qualifiedName()
                      + " --help)");
          return ExitStatus.USAGE;
        });
    line.setExecutionExceptionHandler(
        (exception, command, parsed) -> {
          Failure failure = failure(exception);
          session.err().println("copilotz-tasks: " + failure.message);
          if (root.verbose()) {
            exception.printStackTrace(session.err());
          }
          return failure.status;
        });
    return line;
  }

  private record Failure(String message, int status) {}

  private static Failure failure(Exception exception) {
    if (exception instanceof UsageException) {
      return new Failure(exception.getMessage(), ((UsageException) exception).status());
    }
    if (exception instanceof NotFoundException) {
      return new Failure("no such task: " + exception.getMessage(), ExitStatus.NOT_FOUND);
    }
    if (exception instanceof TaskMovedException) {
      return new Failure(exception.getMessage(), ExitStatus.MOVED);
    }
    if (exception instanceof RateLimitException) {
      RateLimitException limited = (RateLimitException) exception;
      return new Failure(
          "rate limited by Copilotz"
              + limited
                  .retryAfter()
                  .map(after -> "; retry in " + after.toSeconds() + " s")
                  .orElse(""),
          ExitStatus.FAILURE);
    }
    if (exception instanceof AuthenticationException
        || exception instanceof PermissionDeniedException) {
      return new Failure(
          "Copilotz refused the token (HTTP "
              + ((CopilotzApiException) exception).statusCode()
              + "): check COPILOTZ_ACCESS_TOKEN or --token-file",
          ExitStatus.FAILURE);
    }
    if (exception instanceof CopilotzIOException) {
      Throwable cause = exception.getCause();
      return new Failure(
          "cannot reach Copilotz: "
              + exception.getMessage()
              + (cause != null && cause.getMessage() != null
                  ? " (" + cause.getMessage() + ")"
                  : ""),
          ExitStatus.FAILURE);
    }
    if (exception instanceof CopilotzException) {
      return new Failure(exception.getMessage(), ExitStatus.FAILURE);
    }
    if (exception instanceof IllegalArgumentException
        || exception instanceof NullPointerException) {
      return new Failure(String.valueOf(exception.getMessage()), ExitStatus.USAGE);
    }
    return new Failure(
        exception.getClass().getSimpleName()
            + (exception.getMessage() == null ? "" : ": " + exception.getMessage())
            + " (--verbose shows where)",
        ExitStatus.FAILURE);
  }
}
