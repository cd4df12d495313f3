package com.copilotz.tasks.cli.internal.commands;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A duration as people write it: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, or ISO {@code
 * PT5M}.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    try {
      Duration duration;
      if (text.startsWith("pt") || text.startsWith("p")) {
        duration = Duration.parse(text.toUpperCase(Locale.ROOT));
      } else if (text.endsWith("ms")) {
        duration = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      } else if (text.endsWith("s")) {
        duration = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      } else if (text.endsWith("m")) {
        duration = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
      } else if (text.endsWith("h")) {
        duration = Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
      } else {
        throw new NumberFormatException();
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new TypeConversionException("'" + value + "' is not a positive duration");
      }
      return duration;
    } catch (RuntimeException e) {
      if (e instanceof TypeConversionException) {
        throw e;
      }
      throw new TypeConversionException(
          "'" + value + "' is not a duration (such as 500ms, 30s, 10m, 2h or PT5M)");
    }
  }
}
