package com.copilotz.tasks.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the server stores a context written by an update, as one rule (the running server's, as
 * measured).
 */
class ContextCoercionTest {
  final ObjectMapper json = new ObjectMapper();

  @Test
  void whatAnUpdateStoresIsOneRule() {
    assertThat(ContextCoercion.storedOnUpdateAs(true)).isEqualTo("the string \"true\"");
    assertThat(ContextCoercion.storedOnUpdateAs(false)).isEqualTo("the string \"null\"");
    assertThat(ContextCoercion.storedOnUpdateAs(0)).isEqualTo("the string \"null\"");
    assertThat(ContextCoercion.storedOnUpdateAs(0.0)).isEqualTo("the string \"null\"");
    assertThat(ContextCoercion.storedOnUpdateAs("")).isEqualTo("the string \"null\"");
    assertThat(ContextCoercion.storedOnUpdateAs(1L << 54)).isEqualTo("a rounded double");
    assertThat(ContextCoercion.storedOnUpdateAs(Map.of("deep", List.of(1L << 54))))
        .isEqualTo("rounded doubles");
    for (Object kept :
        new Object[] {5, 0.5, "x", "null", Map.of("off", false), List.of(0, ""), null, 1L << 53}) {
      assertThat(ContextCoercion.storedOnUpdateAs(kept)).as(String.valueOf(kept)).isNull();
    }
  }

  JsonNode node(String text) throws Exception {
    return json.readTree(text);
  }

  @Test
  void aStoredValueKeepsTheDesiredOneWhenWritingItWouldStoreItAgain() throws Exception {
    assertThat(ContextCoercion.keeps(node("\"null\""), node("false"))).isTrue();
    assertThat(ContextCoercion.keeps(node("\"null\""), node("0"))).isTrue();
    assertThat(ContextCoercion.keeps(node("\"null\""), node("\"\""))).isTrue();
    assertThat(ContextCoercion.keeps(node("\"true\""), node("true"))).isTrue();
    assertThat(ContextCoercion.keeps(node("true"), node("true")))
        .as("as a create stored it")
        .isTrue();
    assertThat(ContextCoercion.keeps(node("3"), node("3.0")))
        .as("numbers by their double")
        .isTrue();
    assertThat(ContextCoercion.keeps(node("9007199254740992"), node("9007199254740993"))).isTrue();
    assertThat(ContextCoercion.keeps(node("{\"a\":false}"), node("{\"a\":false}")))
        .as("nested as sent")
        .isTrue();

    assertThat(ContextCoercion.keeps(node("true"), node("\"true\"")))
        .as("writing would store the string")
        .isFalse();
    assertThat(ContextCoercion.keeps(node("\"null\""), node("true"))).isFalse();
    assertThat(ContextCoercion.keeps(node("null"), node("false"))).isFalse();
    assertThat(ContextCoercion.keeps(node("{\"a\":\"null\"}"), node("{\"a\":false}")))
        .as("nested is not coerced")
        .isFalse();
  }

  @Test
  void aValueAsACreateStoredItIsTold() throws Exception {
    for (String asCreated : new String[] {"true", "false", "0", "\"\""}) {
      assertThat(ContextCoercion.storedAsCreated(node(asCreated))).as(asCreated).isTrue();
    }
    for (String asUpdated :
        new String[] {"\"true\"", "\"null\"", "5", "\"x\"", "null", "{\"a\":false}"}) {
      assertThat(ContextCoercion.storedAsCreated(node(asUpdated))).as(asUpdated).isFalse();
    }
  }
}
