package com.copilotz.tasks.cli.internal;

import com.copilotz.tasks.TasksClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * One run of the command: its streams, its environment, and the client it builds on first use, from
 * {@code COPILOTZ_*} as {@code TasksClient.fromEnv()} reads them, overridden by {@code --base-url}
 * and {@code --token-file}. The token is never printed, nor taken from an argument.
 */
public final class Session implements AutoCloseable {
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final Function<String, String> environment;
  private String baseUrl;
  private Path tokenFile;
  private TasksClient client;

  Session(InputStream in, PrintStream out, PrintStream err, Function<String, String> environment) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.environment = environment;
  }

  /** Sets {@code --base-url}; null leaves the environment's. */
  public void baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Sets {@code --token-file}; null leaves the environment's token. */
  public void tokenFile(Path tokenFile) {
    this.tokenFile = tokenFile;
  }

  /** Standard input. */
  public InputStream in() {
    return in;
  }

  /** Standard output. */
  public PrintStream out() {
    return out;
  }

  /** Standard error. */
  public PrintStream err() {
    return err;
  }

  /** An environment variable, or null. */
  public String env(String name) {
    String value = environment.apply(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /**
   * The client, built on first use.
   *
   * @throws UsageException when there is no token and no complete credentials, or the token file
   *     cannot be read
   */
  public TasksClient client() {
    if (client == null) {
      client = build();
    }
    return client;
  }

  private TasksClient build() {
    TasksClient.Builder builder = TasksClient.builder();
    String url = baseUrl != null ? baseUrl : env("COPILOTZ_BASE_URL");
    if (url != null) {
      builder.baseUrl(url);
    }
    String token = tokenFile != null ? readToken(tokenFile) : env("COPILOTZ_ACCESS_TOKEN");
    String username = env("COPILOTZ_USERNAME");
    String password = environment.apply("COPILOTZ_PASSWORD");
    String namespace = env("COPILOTZ_NAMESPACE");
    if (token != null) {
      builder.accessToken(token);
    } else if (username != null && password != null && namespace != null) {
      builder.credentials(username, password, namespace);
    } else {
      throw new UsageException(
          "no token: set COPILOTZ_ACCESS_TOKEN, or pass --token-file FILE (or set COPILOTZ_USERNAME,"
              + " COPILOTZ_PASSWORD and COPILOTZ_NAMESPACE)");
    }
    String log = env("COPILOTZ_LOG");
    if (log != null) {
      builder.logLevel(com.copilotz.tasks.LogLevel.valueOf(log.toUpperCase(java.util.Locale.ROOT)));
    }
    return builder.build();
  }

  private static String readToken(Path file) {
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new UsageException("--token-file " + file + " is empty");
      }
      return token;
    } catch (NoSuchFileException e) {
      throw new UsageException("--token-file " + file + " does not exist");
    } catch (IOException e) {
      throw new UsageException("--token-file " + file + " cannot be read: " + e.getMessage());
    }
  }

  /** Closes the client, when one was built. */
  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}
