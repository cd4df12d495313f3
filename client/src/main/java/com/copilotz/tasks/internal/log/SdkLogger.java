package com.copilotz.tasks.internal.log;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jspecify.annotations.Nullable;

/**
 * A logger of the SDK for one concern, named under {@code com.copilotz.tasks} so that users
 * configure each concern on its own ({@code com.copilotz.tasks.http} for the request log, {@code
 * .worker}, {@code .watch}, ...). Every record is one line: line breaks in a message are written as
 * {@code \n}.
 *
 * <p>The records go to whatever {@link System.Logger} is bound to: SLF4J, Log4j 2 or another
 * backend through its bridge, or {@code java.util.logging} by default. On {@code
 * java.util.logging}, each record names its logger as its source, never an SDK class; and while
 * {@code java.util.logging} keeps the JDK's own configuration (no configuration file or class, no
 * {@code SimpleFormatter} format, no handler but the root's console one), where the JDK would print
 * each record on two lines, the SDK prints it on one to the same standard error, at the levels the
 * configuration lets through. Any configuration of the user's turns that off.
 */
public final class SdkLogger {
  // Before the loggers below, which read them when they are made.
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
  private static final boolean JUL_BACKEND = julIsTheBackend();

  /** The root of the SDK's logger names, and the logger of what concerns no one part. */
  public static final String ROOT = "com.copilotz.tasks";

  /** Each HTTP attempt and retry, at the client's {@code LogLevel}. */
  public static final SdkLogger HTTP = new SdkLogger(ROOT + ".http");

  /** Choices the SDK made about its configuration that the user may not expect. */
  public static final SdkLogger CONFIG = new SdkLogger(ROOT + ".config");

  /** What the server will do to what the user sent (context coercion). */
  public static final SdkLogger DATA = new SdkLogger(ROOT + ".data");

  /** The watches of task queries. */
  public static final SdkLogger WATCH = new SdkLogger(ROOT + ".watch");

  /** The step workers. */
  public static final SdkLogger WORKER = new SdkLogger(ROOT + ".worker");

  /**
   * The level of the JDK's console handler when a record of the SDK last went to it, or null: kept
   * for the records logged after {@code java.util.logging}'s shutdown hook removed it.
   */
  private static volatile java.util.logging.@Nullable Level consoleLevel;

  private final String name;
  private final System.Logger logger;
  private final @Nullable Logger julLogger;

  /**
   * A logger named {@code name}.
   *
   * @param name its name, under {@link #ROOT}
   */
  public SdkLogger(String name) {
    this.name = Objects.requireNonNull(name, "name");
    this.logger = System.getLogger(name);
    this.julLogger = JUL_BACKEND ? Logger.getLogger(name) : null;
  }

  /**
   * Returns this logger's name.
   *
   * @return the name, such as {@code com.copilotz.tasks.http}
   */
  public String name() {
    return name;
  }

  /**
   * Whether a record at {@code level} would be written, as far as the logger's level says.
   *
   * @param level the level
   * @return whether it is loggable
   */
  public boolean isLoggable(Level level) {
    return julLogger != null ? julLogger.isLoggable(julLevel(level)) : logger.isLoggable(level);
  }

  /**
   * Logs one line at INFO.
   *
   * @param message the line
   */
  public void info(String message) {
    log(Level.INFO, message, null);
  }

  /**
   * Logs one line at WARNING.
   *
   * @param message the line
   */
  public void warning(String message) {
    log(Level.WARNING, message, null);
  }

  /**
   * Logs one line at WARNING with the exception's stack trace after it.
   *
   * @param message the line
   * @param thrown the exception
   */
  public void warning(String message, Throwable thrown) {
    log(Level.WARNING, message, thrown);
  }

  /**
   * Logs one line at {@code level}, and the stack trace of {@code thrown} when there is one.
   *
   * @param level the level
   * @param message the line; its line breaks are written as {@code \n}
   * @param thrown the exception, or null
   */
  public void log(Level level, String message, @Nullable Throwable thrown) {
    if (!isLoggable(level)) {
      return;
    }
    String line = oneLine(message);
    if (julLogger == null) {
      logger.log(level, line, thrown);
      return;
    }
    Handler jdksConsole = jdksConsole(julLogger);
    java.util.logging.Level printed = jdksConsole == null ? null : jdksConsole.getLevel();
    if (printed != null) {
      consoleLevel = printed;
    } else if (consoleLevel != null && resetAtShutdown()) {
      // java.util.logging's own shutdown hook removed the JDK's console handler: a record of
      // another hook (a worker draining) goes where the handler would have printed it.
      printed = consoleLevel;
    }
    if (printed == null) {
      // The logger's name as the record's source: a formatter that prints the source prints it.
      julLogger.logp(julLevel(level), name, null, line, thrown);
    } else if (julLevel(level).intValue() >= printed.intValue()) {
      printOneLine(System.err, level, line, thrown);
    }
  }

  /**
   * Whether {@code java.util.logging} lost its handlers to its own shutdown hook: the root logger
   * has none, and the JVM is shutting down.
   */
  private static boolean resetAtShutdown() {
    if (Logger.getLogger("").getHandlers().length > 0) {
      return false;
    }
    Thread probe = new Thread(() -> {}, "copilotz-shutdown-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shuttingDown) {
      return true;
    }
  }

  /**
   * Returns {@code text} on one line: each line break written as the two characters {@code \n}.
   *
   * @param text the text
   * @return the text without line breaks
   */
  public static String oneLine(String text) {
    if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      return text;
    }
    return text.replace("\r\n", "\\n").replace('\r', '\n').replace("\n", "\\n");
  }

  private void printOneLine(PrintStream out, Level level, String line, @Nullable Throwable thrown) {
    String text =
        TIME.format(LocalDateTime.now()) + " " + level.getName() + " " + name + ": " + line;
    synchronized (out) {
      out.println(text);
      if (thrown != null) {
        thrown.printStackTrace(out);
      }
    }
  }

  /**
   * Whether {@link System.Logger} goes to {@code java.util.logging}: the JDK's own logger finder,
   * with the {@code java.logging} module present. A bridge (SLF4J's, Log4j's) has a finder of its
   * own.
   */
  private static boolean julIsTheBackend() {
    try {
      String finder = System.LoggerFinder.getLoggerFinder().getClass().getName();
      return finder.startsWith("jdk.internal.logger.") || finder.startsWith("sun.util.logging.");
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * The root's console handler when {@code java.util.logging} is still as the JDK configured it for
   * {@code logger}: no configuration file or class, no {@code SimpleFormatter} format set, and no
   * handler on the way from {@code logger} to the root but the root's one console handler with its
   * {@code SimpleFormatter}, the one that prints each record on two lines; otherwise null.
   */
  static @Nullable Handler jdksConsole(Logger logger) {
    if (System.getProperty("java.util.logging.config.file") != null
        || System.getProperty("java.util.logging.config.class") != null
        || System.getProperty("java.util.logging.SimpleFormatter.format") != null
        || LogManager.getLogManager().getProperty("java.util.logging.SimpleFormatter.format")
            != null) {
      return null;
    }
    for (Logger at = logger; at != null; at = at.getParent()) {
      Handler[] handlers = at.getHandlers();
      if (at.getParent() == null) {
        boolean jdks =
            handlers.length == 1
                && handlers[0].getClass() == ConsoleHandler.class
                && handlers[0].getFormatter() != null
                && handlers[0].getFormatter().getClass() == SimpleFormatter.class;
        return jdks ? handlers[0] : null;
      }
      if (handlers.length > 0 || !at.getUseParentHandlers()) {
        return null;
      }
    }
    return null;
  }

  /**
   * The level {@code java.util.logging} gives a {@link System.Logger} level, as the JDK maps it.
   */
  static java.util.logging.Level julLevel(Level level) {
    switch (level) {
      case ALL:
        return java.util.logging.Level.ALL;
      case TRACE:
        return java.util.logging.Level.FINER;
      case DEBUG:
        return java.util.logging.Level.FINE;
      case INFO:
        return java.util.logging.Level.INFO;
      case WARNING:
        return java.util.logging.Level.WARNING;
      case ERROR:
        return java.util.logging.Level.SEVERE;
      default:
        return java.util.logging.Level.OFF;
    }
  }

  @Override
  public String toString() {
    return "SdkLogger[" + name + "]";
  }
}
