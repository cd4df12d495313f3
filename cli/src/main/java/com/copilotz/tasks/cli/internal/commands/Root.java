package com.copilotz.tasks.cli.internal.commands;

import com.copilotz.tasks.cli.internal.ExitStatus;
import com.copilotz.tasks.cli.internal.Session;
import com.copilotz.tasks.cli.internal.output.Format;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code copilotz-tasks}: the commands, and the options every command takes. */
@Command(
    name = "copilotz-tasks",
    mixinStandardHelpOptions = true,
    versionProvider = Root.Version.class,
    description = {
      "The Copilotz Tasks command line: read, move and follow tasks, watch a workflow's board, sync a file,"
          + " run the fake server or the MCP server.",
      "Configured as TasksClient.fromEnv() is: COPILOTZ_BASE_URL, and COPILOTZ_ACCESS_TOKEN (or"
          + " COPILOTZ_USERNAME, COPILOTZ_PASSWORD and COPILOTZ_NAMESPACE)."
    },
    subcommands = {
      GetCommand.class,
      ListCommand.class,
      CreateCommand.class,
      UpdateCommand.class,
      MoveCommand.Advance.class,
      MoveCommand.Complete.class,
      MoveCommand.Fail.class,
      MoveCommand.Cancel.class,
      DeleteCommand.class,
      AwaitCommand.class,
      WatchCommand.class,
      BoardCommand.class,
      SyncCommand.class,
      FakeCommand.class,
      McpCommand.class,
      AutoComplete.GenerateCompletion.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  copilotz-tasks fake --agent triage=succeed          # a fake Copilotz with its agent, on port 8080",
      "  export COPILOTZ_BASE_URL=http://localhost:8080 COPILOTZ_ACCESS_TOKEN=tk_dev",
      "  copilotz-tasks board --workflow 1                   # the agent at work, live",
      "  copilotz-tasks await 42 --until completed --timeout 10m && echo done",
      "  copilotz-tasks help fake                            # the help of a command",
      "",
      ExitStatus.HELP
    })
public final class Root {
  private final Session session;
  private Format format = Format.TABLE;
  private boolean verbose;

  /**
   * The root command of a session.
   *
   * @param session the run's streams, environment and client
   */
  public Root(Session session) {
    this.session = session;
  }

  @Option(
      names = "--base-url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "The Copilotz server (default: COPILOTZ_BASE_URL, else https://copilotz.com).")
  void baseUrl(String url) {
    session.baseUrl(url);
  }

  @Option(
      names = "--token-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Read the token from this file (default: COPILOTZ_ACCESS_TOKEN).")
  void tokenFile(Path file) {
    session.tokenFile(file);
  }

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      description = "table (default), json or jsonl.")
  void output(Format format) {
    this.format = format;
  }

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print the stack trace of a failure.")
  void verbose(boolean verbose) {
    this.verbose = verbose;
  }

  /** The session. */
  public Session session() {
    return session;
  }

  /** {@code --output}. */
  public Format format() {
    return format;
  }

  /** {@code --verbose}. */
  public boolean verbose() {
    return verbose;
  }

  /** The version of the jar, or {@code dev}. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Root.class.getPackage().getImplementationVersion();
      return new String[] {"copilotz-tasks " + (version == null ? "dev" : version)};
    }
  }
}
