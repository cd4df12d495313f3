package com.copilotz.tasks.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fails the build on any error or warning in the spec, and on the project's own rules for it. */
class OpenApiSpecTest {
  static final Path SPEC = Path.of("copilotz-tasks.yaml");

  static SwaggerParseResult result;
  static OpenAPI api;

  @BeforeAll
  static void parse() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    result =
        new OpenAPIV3Parser().readLocation(SPEC.toAbsolutePath().toUri().toString(), null, options);
    api = result.getOpenAPI();
  }

  @Test
  void parsesWithoutAnyErrorOrWarning() {
    assertThat(result.getMessages()).isEmpty();
    assertThat(api).isNotNull();
    assertThat(api.getOpenapi()).isEqualTo("3.0.3");
  }

  @Test
  void theParserReportsWarningsThisTestWouldFailOn() {
    SwaggerParseResult broken =
        new OpenAPIV3Parser()
            .readContents(
                "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nunexpectedField: 1\n",
                null,
                null);
    assertThat(broken.getMessages()).isNotEmpty();
  }

  static Map<String, Operation> operations() {
    Map<String, Operation> operations = new TreeMap<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> operations.put(method + " " + path, operation)));
    return operations;
  }

  @Test
  void describesEveryRouteOfTheServer() {
    assertThat(operations().keySet())
        .containsExactlyInAnyOrder(
            "GET /rest/steps/{id}",
            "GET /rest/tasks",
            "GET /rest/tasks/{id}",
            "GET /rest/workflows/{id}",
            "POST /api/auth/login",
            "POST /rest/tasks",
            "PUT /rest/tasks/{id}",
            "DELETE /rest/tasks/{id}");
  }

  @Test
  void everyOperationHasAnIdASummaryAndEnvelopedErrors() {
    List<String> problems = new ArrayList<>();
    operations()
        .forEach(
            (name, operation) -> {
              if (operation.getOperationId() == null) {
                problems.add(name + " has no operationId");
              }
              if (operation.getSummary() == null || operation.getSummary().isBlank()) {
                problems.add(name + " has no summary");
              }
              for (String status : List.of("401", "500", "default")) {
                ApiResponse response = operation.getResponses().get(status);
                String ref = response == null ? null : response.get$ref();
                ApiResponse resolved =
                    ref == null
                        ? response
                        : api.getComponents()
                            .getResponses()
                            .get(ref.substring(ref.lastIndexOf('/') + 1));
                String schemaRef =
                    resolved == null || resolved.getContent() == null
                        ? null
                        : resolved.getContent().get("application/json").getSchema().get$ref();
                if (!"#/components/schemas/ErrorEnvelope".equals(schemaRef)) {
                  problems.add(name + " response " + status + " does not reference ErrorEnvelope");
                }
              }
            });
    assertThat(problems).isEmpty();
  }

  @Test
  void everyOperationButLoginNeedsTheBearerToken() {
    assertThat(api.getComponents().getSecuritySchemes().get("bearerAuth").getScheme())
        .isEqualTo("bearer");
    assertThat(api.getSecurity())
        .singleElement()
        .satisfies(requirement -> assertThat(requirement).containsKey("bearerAuth"));
    PathItem login = api.getPaths().get("/api/auth/login");
    assertThat(login.getPost().getSecurity()).isEmpty();
  }

  @Test
  void listFiltersAreTheTaskFieldsPlusPaging() {
    List<String> names = new ArrayList<>();
    api.getPaths()
        .get("/rest/tasks")
        .getGet()
        .getParameters()
        .forEach(
            p -> {
              String ref = p.get$ref();
              names.add(
                  ref == null
                      ? p.getName()
                      : api.getComponents()
                          .getParameters()
                          .get(ref.substring(ref.lastIndexOf('/') + 1))
                          .getName());
            });
    assertThat(names)
        .containsExactly(
            "extId", "workflow", "currentStep", "status", "name", "limit", "offset", "_populate");
  }

  @Test
  void theTaskSchemaHasTheServersFields() {
    Schema<?> task = api.getComponents().getSchemas().get("Task");
    assertThat(task.getProperties().keySet())
        .containsExactly(
            "_id",
            "extId",
            "workflow",
            "currentStep",
            "status",
            "name",
            "description",
            "context",
            "createdAt",
            "updatedAt");
    assertThat(api.getComponents().getSchemas().get("TaskStatus").getEnum())
        .containsExactly("active", "pending", "failed", "completed", "cancelled");
    assertThat(api.getComponents().getSchemas().get("CreateTaskRequest").getRequired())
        .containsExactlyInAnyOrder("extId", "name", "description");
    assertThat(api.getComponents().getSchemas().get("Step").getProperties())
        .containsKeys("next", "failedNext");
    assertThat(api.getComponents().getSchemas().get("Workflow").getProperties())
        .containsKeys("steps", "firstStep");
  }

  @Test
  void populatedReferencesAreAnIdOrTheObject() {
    Schema<?> task = api.getComponents().getSchemas().get("Task");
    assertThat(task.getProperties().get("workflow").get$ref())
        .isEqualTo("#/components/schemas/WorkflowReference");
    assertThat(task.getProperties().get("currentStep").get$ref())
        .isEqualTo("#/components/schemas/StepReference");
    Schema<?> workflow = api.getComponents().getSchemas().get("WorkflowReference");
    assertThat(workflow.getOneOf())
        .extracting(Schema::getType, Schema::get$ref)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("integer", null),
            org.assertj.core.groups.Tuple.tuple(null, "#/components/schemas/Workflow"));
    Schema<?> step = api.getComponents().getSchemas().get("StepReference");
    assertThat(step.getOneOf()).extracting(Schema::get$ref).contains("#/components/schemas/Step");
    assertThat(api.getPaths().get("/rest/tasks/{id}").getGet().getParameters())
        .extracting(p -> p.get$ref() != null ? p.get$ref() : p.getName())
        .containsExactly("id", "_populate");
    assertThat(api.getComponents().getParameters().get("Populate").getName())
        .isEqualTo("_populate");
  }
}
