package com.copilotz.tasks.cli;

import com.copilotz.tasks.cli.internal.Cli;

/**
 * The {@code copilotz-tasks} command: {@code java -jar copilotz-tasks-cli-<version>-all.jar
 * <command>}, or {@code bin/copilotz-tasks <command>} from the distribution archive. {@code
 * copilotz-tasks --help} lists the commands; each has {@code --help} with an example. It is
 * configured as {@code TasksClient.fromEnv()} is ({@code COPILOTZ_*}), with {@code --base-url} and
 * {@code --token-file}.
 *
 * <p>Exit statuses: 0 done; 1 a failure (the server refused, could not be reached, ...); 2 bad
 * usage; 3 the awaited task failed or was cancelled; 4 a wait timed out; 5 no such task; 6 a
 * guarded move found the task elsewhere (nothing written).
 */
public final class CopilotzTasksCli {
  private CopilotzTasksCli() {}

  /**
   * Runs the command in {@code args} and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(Cli.run(args, System.in, System.out, System.err, System.getenv()::get));
  }
}
