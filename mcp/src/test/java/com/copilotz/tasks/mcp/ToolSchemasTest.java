package com.copilotz.tasks.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tools' input schemas checked against the OpenAPI spec (the copilotz-tasks-openapi artifact):
 * every argument named as a field of the API has the spec's JSON type, and the statuses are the
 * spec's enum, so that the tools and the SDK never disagree on what a task is.
 */
class ToolSchemasTest {
  static McpHarness harness;
  static OpenAPI api;
  static Map<String, Tool> tools;

  @BeforeAll
  static void read() {
    URL spec = ToolSchemasTest.class.getClassLoader().getResource("openapi/copilotz-tasks.yaml");
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    api = new OpenAPIV3Parser().read(spec.toString(), null, options);
    harness = new McpHarness();
    tools =
        harness.mcp.listTools().tools().stream()
            .collect(Collectors.toMap(Tool::name, tool -> tool));
  }

  @AfterAll
  static void close() {
    harness.close();
  }

  @Test
  void createTaskTakesTheCreateRequestsFieldsWithTheirTypes() {
    Schema<?> request = api.getComponents().getSchemas().get("CreateTaskRequest");

    Map<String, Object> properties = properties(tools.get("create_task"));
    assertThat(properties.keySet()).isSubsetOf(request.getProperties().keySet());
    properties.forEach((name, schema) -> assertSameType(name, schema, property(request, name)));
    // The spec requires extId, name and description; the tool makes an extId when none is given.
    List<?> required = (List<?>) tools.get("create_task").inputSchema().get("required");
    assertThat(request.getRequired())
        .allMatch(name -> required.contains(name) || name.equals("extId"));
  }

  @Test
  void updateTaskTakesTheUpdateRequestsFieldsButNeverTheWorkflowOnes() {
    Schema<?> request = api.getComponents().getSchemas().get("UpdateTaskRequest");

    Map<String, Object> properties = properties(tools.get("update_task"));
    properties.remove("id");
    assertThat(properties.keySet())
        .isSubsetOf(request.getProperties().keySet())
        .doesNotContain("workflow", "currentStep", "status");
    properties.forEach((name, schema) -> assertSameType(name, schema, property(request, name)));
  }

  @Test
  void listTasksFiltersAreTheListingsQueryParameters() {
    List<Parameter> parameters = api.getPaths().get("/rest/tasks").getGet().getParameters();
    Map<String, Schema<?>> byName =
        parameters.stream()
            .collect(
                Collectors.toMap(Parameter::getName, parameter -> resolve(parameter.getSchema())));

    Map<String, Object> filters = properties(tools.get("list_tasks"));
    filters.remove("limit");
    filters.remove("cursor");
    assertThat(filters).isNotEmpty();
    filters.forEach((name, schema) -> assertSameType(name, schema, byName.get(name)));
  }

  @Test
  void everyStatusArgumentHasTheSpecsStatuses() {
    List<?> statuses = api.getComponents().getSchemas().get("TaskStatus").getEnum();

    assertThat(statuses).isNotEmpty();
    for (Tool tool : tools.values()) {
      properties(tool)
          .forEach(
              (name, schema) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> property = (Map<String, Object>) schema;
                Object items = property.get("items");
                @SuppressWarnings("unchecked")
                Map<String, Object> checked =
                    items == null ? property : (Map<String, Object>) items;
                if (name.equals("status") || name.equals("expectedStatus")) {
                  assertThat(checked.get("enum")).as(tool.name() + "." + name).isEqualTo(statuses);
                }
              });
    }
  }

  private static Map<String, Object> properties(Tool tool) {
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) tool.inputSchema().get("properties");
    return new java.util.LinkedHashMap<>(properties);
  }

  private static Schema<?> property(Schema<?> object, String name) {
    return resolve(object.getProperties().get(name));
  }

  private static Schema<?> resolve(Schema<?> schema) {
    if (schema != null && schema.get$ref() != null) {
      String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
      return api.getComponents().getSchemas().get(name);
    }
    return schema;
  }

  private static void assertSameType(String name, Object toolSchema, Schema<?> specSchema) {
    assertThat(specSchema).as("the spec's " + name).isNotNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> tool = (Map<String, Object>) toolSchema;
    String specType = specSchema.getType();
    if (specType == null && specSchema.getOneOf() != null) {
      // A reference: an id, or the object itself when populated; a tool sends the id.
      specType = specSchema.getOneOf().get(0).getType();
    }
    assertThat(tool.get("type")).as(name).isEqualTo(specType);
    if (specSchema.getEnum() != null) {
      assertThat(tool.get("enum")).as(name).isEqualTo(specSchema.getEnum());
    }
  }
}
