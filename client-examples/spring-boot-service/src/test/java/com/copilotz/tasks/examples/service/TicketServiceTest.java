package com.copilotz.tasks.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.Until;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import com.copilotz.tasks.testing.spring.FakeCopilotz;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The service as its users see it: over HTTP, with Copilotz played by a fake server. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health,env,configprops",
      "management.endpoint.env.show-values=always",
      "management.endpoint.configprops.show-values=always",
      "tickets.confirm-max-poll-interval=50ms"
    })
@FakeCopilotz
class TicketServiceTest {
  @Autowired FakeCopilotzServer copilotz;
  @Autowired TasksClient client;
  @Autowired CustomerNotifier notifier;

  @Value("${local.server.port}")
  int port;

  /**
   * The support workflow exists before the application is ready, as it does on a real server: the
   * service's worker checks its step when it starts. Each test seeds it afresh.
   */
  @TestConfiguration
  static class SeededBeforeTheWorkerStarts {
    @Bean
    ApplicationRunner seedSupportWorkflow(FakeCopilotzServer copilotz) {
      return arguments -> copilotz.seedWorkflow("Support", "Triage", "Fix", "Confirm");
    }
  }

  final HttpClient http = HttpClient.newHttpClient();
  Workflow support;

  @BeforeEach
  void seed() {
    copilotz.reset();
    notifier.sent.clear();
    support = copilotz.seedWorkflow("Support", "Triage", "Fix", "Confirm");
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void openingATicketCreatesOneTaskAtTheFirstStep() throws Exception {
    HttpResponse<String> response =
        post("/tickets/42", "{\"summary\":\"Account locked\",\"priority\":\"high\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(copilotz.tasks())
        .singleElement()
        .satisfies(
            task -> {
              assertThat(task.getExtId()).isEqualTo("TICKET-42");
              assertThat(task.getCurrentStep()).isEqualTo(support.getFirstStep());
              assertThat(task.getContext()).containsEntry("priority", "high");
            });
  }

  @Test
  void openingItAgainChangesOnlyWhatDiffers() throws Exception {
    post("/tickets/42", "{\"summary\":\"Account locked\",\"priority\":\"normal\"}");
    post("/tickets/42", "{\"summary\":\"Account locked\",\"priority\":\"high\"}");

    assertThat(copilotz.tasks())
        .singleElement()
        .satisfies(task -> assertThat(task.getContext()).containsEntry("priority", "high"));
    // The service's worker polls its step meanwhile: the writes are the ticket's.
    assertThat(copilotz.requests())
        .filteredOn(request -> request.method().equals("PUT"))
        .singleElement()
        .satisfies(
            put -> assertThat(put.body()).isEqualTo("{\"context\":{\"priority\":\"high\"}}"));
  }

  @Test
  void aTicketAdvancedToConfirmIsConfirmedByTheServicesWorkerOnce() throws Exception {
    post("/tickets/9", "{\"summary\":\"Refund\",\"priority\":\"low\"}");
    post("/tickets/9/advance", "{}");
    post("/tickets/9/advance", "{}"); // at "Confirm": the worker's step
    long id = copilotz.tasks().get(0).getId();

    Task done =
        client.awaitTask(
            id,
            Until.completed().pollInterval(Duration.ofMillis(20)).timeout(Duration.ofMinutes(1)));

    assertThat(done.getContext()).containsEntry("customerNotified", "yes");
    assertThat(notifier.sent).containsExactly("TICKET-9");
  }

  @Test
  void advancingMovesTheTicketToTheNextStep() throws Exception {
    post("/tickets/7", "{\"summary\":\"Refund\"}");

    HttpResponse<String> response = post("/tickets/7/advance", "{}");

    assertThat(response.statusCode()).isEqualTo(200);
    Task task = copilotz.tasks().get(0);
    assertThat(copilotz.step(task.getCurrentStep()))
        .get()
        .extracting(step -> step.getName())
        .isEqualTo("Fix");
    assertThat(post("/tickets/404/advance", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void healthShowsCopilotzAndSecretsStayHidden() throws Exception {
    assertThat(get("/actuator/health").body()).contains("\"copilotzTasks\":{\"status\":\"UP\"");
    // The service's worker polls meanwhile, with the same token: any request carries it.
    String token =
        copilotz
            .requests()
            .get(0)
            .header("Authorization")
            .orElseThrow()
            .substring("Bearer ".length());

    String env = get("/actuator/env").body();
    String configprops = get("/actuator/configprops").body();

    assertThat(env).contains("copilotz.tasks.access-token").doesNotContain(token);
    assertThat(configprops).contains("copilotz.tasks").doesNotContain(token);
  }
}
