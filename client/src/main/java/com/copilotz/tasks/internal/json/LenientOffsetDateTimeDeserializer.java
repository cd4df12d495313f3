package com.copilotz.tasks.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads ISO-8601 date-times with an offset, and also what a SQL database may hand back: a date-time
 * without offset (read as UTC, with a space or a {@code T}) or epoch milliseconds.
 */
public final class LenientOffsetDateTimeDeserializer extends StdDeserializer<OffsetDateTime> {
  private static final long serialVersionUID = 1L;

  LenientOffsetDateTimeDeserializer() {
    super(OffsetDateTime.class);
  }

  @Override
  public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context)
      throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
      return Instant.ofEpochMilli(parser.getLongValue()).atOffset(ZoneOffset.UTC);
    }
    String text = parser.getValueAsString();
    if (text == null) {
      return (OffsetDateTime) context.handleUnexpectedToken(OffsetDateTime.class, parser);
    }
    text = text.trim();
    if (text.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException withOffset) {
      try {
        return LocalDateTime.parse(text.replace(' ', 'T'), DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .atOffset(ZoneOffset.UTC);
      } catch (DateTimeParseException withoutOffset) {
        return (OffsetDateTime)
            context.handleWeirdStringValue(OffsetDateTime.class, text, "not an ISO-8601 date-time");
      }
    }
  }
}
