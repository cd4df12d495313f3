package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class SecurityTest {
  @StartStop final MockWebServer server = Wire.server();
  @StartStop final MockWebServer otherHost = Wire.server();

  @Test
  void theTokenIsNotSentOnARedirectToAnotherHost() throws Exception {
    String elsewhere =
        otherHost.url("/rest/tasks/7").newBuilder().host("127.0.0.1").build().toString();
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", elsewhere).build());
    otherHost.enqueue(json(TASK_JSON));

    try (TasksClient client = Wire.client(server)) {
      client.getTask(7);
    }

    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer " + Wire.TOKEN);
    assertThat(take(otherHost).getHeaders().get("Authorization")).isNull();
  }

  @Test
  void theTokenIsKeptOnARedirectToTheSameHost() throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(301).setHeader("Location", "/rest/tasks/8").build());
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = Wire.client(server)) {
      client.getTask(7);
    }

    take(server);
    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer " + Wire.TOKEN);
  }

  @Test
  void credentialsAndTokensAreRefusedOverPlainHttpToARemoteHost() {
    assertThatThrownBy(
            () ->
                TasksClient.builder()
                    .baseUrl("http://example.com")
                    .credentials("u", "p", "n")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokens are only sent over https");
    assertThatThrownBy(
            () ->
                TasksClient.builder()
                    .baseUrl("http://192.168.1.5")
                    .tokenProvider(() -> "t")
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void httpsToAnyHostIsAllowed() {
    TasksClient.builder().baseUrl("https://tasks.example.com").accessToken("tk_x").build().close();
  }
}
