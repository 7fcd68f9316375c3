package io.ape.core.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ActionCategory;
import io.ape.api.ActionDefinition;
import io.ape.api.RiskLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StandardActionsTest {
  private final ActionRepository repository = StandardActions.createRepository();

  @Test
  void hasTheEighteenActionsInRegistrationOrder() {
    assertThat(repository.actionIds()).containsExactly("read_file", "list_directory",
        "search_files", "write_file", "append_file", "create_directory", "delete_file",
        "delete_directory", "http_get", "http_post", "query_data", "insert_data", "update_data",
        "delete_data", "send_email", "send_notification", "execute_code", "run_shell_command");
    assertThat(repository.isFrozen()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "read_file, FILE_READ, MINIMAL, false, single_file, Read the contents of a single file",
      "list_directory, FILE_READ, MINIMAL, false, directory, List contents of a directory",
      "search_files, FILE_READ, LOW, false, directory, Search for files matching a pattern",
      "write_file, FILE_WRITE, MODERATE, false, single_file, Write content to a file (creates or overwrites)",
      "append_file, FILE_WRITE, LOW, false, single_file, Append content to an existing file",
      "create_directory, FILE_WRITE, LOW, false, directory, Create a new directory",
      "delete_file, FILE_DELETE, HIGH, true, single_file, Delete a single file",
      "delete_directory, FILE_DELETE, CRITICAL, true, directory, Delete a directory and all its contents",
      "http_get, NETWORK, LOW, false, '', Make an HTTP GET request",
      "http_post, NETWORK, MODERATE, false, '', Make an HTTP POST request",
      "query_data, DATABASE_READ, LOW, false, '', Execute a read-only database query",
      "insert_data, DATABASE_WRITE, MODERATE, false, '', Insert data into a database",
      "update_data, DATABASE_WRITE, MODERATE, false, '', Update existing database records",
      "delete_data, DATABASE_WRITE, HIGH, true, '', Delete database records",
      "send_email, COMMUNICATION, MODERATE, true, '', Send an email message",
      "send_notification, COMMUNICATION, LOW, false, '', 'Send a notification (e.g., Slack, webhook)'",
      "execute_code, COMPUTE, HIGH, true, '', Execute code in a sandboxed environment",
      "run_shell_command, SYSTEM, CRITICAL, true, '', Execute a shell command",
  })
  void definitionMatchesThePythonOriginal(String id, ActionCategory category, RiskLevel risk,
      boolean review, String breadth, String description) {
    ActionDefinition d = repository.get(id);
    assertThat(d.category()).isEqualTo(category);
    assertThat(d.riskLevel()).isEqualTo(risk);
    assertThat(d.requiresHumanReview()).isEqualTo(review);
    assertThat(d.maxScopeBreadth()).isEqualTo(breadth);
    assertThat(d.description()).isEqualTo(description);
    assertThat(d.compatibleTools()).isEmpty();
    assertThat(d.parameterSchema()).containsEntry("type", "object")
        .containsEntry("additionalProperties", false);
  }

  @Test
  void frozenVersionEqualsThePythonOriginals() {
    assertThat(repository.freeze()).isEqualTo(StandardActions.FROZEN_VERSION)
        .isEqualTo("ab7fe32475193411055e358a44afa96152a492c200fc2319cea75653feba4c8d");
    assertThat(repository.version()).isEqualTo(StandardActions.FROZEN_VERSION);
  }

  @Test
  void versionDoesNotDependOnFreezingOrRegistrationOrder() {
    ActionRepository reversed = new ActionRepository();
    List<ActionDefinition> defs = new java.util.ArrayList<>(StandardActions.definitions());
    java.util.Collections.reverse(defs);
    reversed.registerAll(defs);
    assertThat(reversed.version()).isEqualTo(StandardActions.FROZEN_VERSION);
  }

  @Test
  void pythonExamplesAreValid() {
    for (ActionDefinition d : repository.definitions()) {
      for (Map<String, Object> example : d.examples()) {
        assertThat(repository.checkParameters(d.actionId(), example)).isEmpty();
      }
    }
    assertThat(repository.get("read_file").examples()).hasSize(2);
  }

  @Test
  void schemaOfAFrozenActionCannotBeEdited() {
    repository.freeze();
    Map<String, Object> schema = repository.get("delete_file").parameterSchema();
    assertThatThrownBy(() -> schema.put("additionalProperties", true))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(repository.version()).isEqualTo(StandardActions.FROZEN_VERSION);
  }

  @Test
  void eachCallCreatesAnIndependentRepository() {
    ActionRepository other = StandardActions.createRepository();
    repository.freeze();
    other.register(ActionDefinition.builder("extra").description("x")
        .riskLevel(RiskLevel.LOW).build());
    assertThat(repository.size()).isEqualTo(18);
    assertThat(other.size()).isEqualTo(19);
  }

  @Test
  void promptContextGroupsByCategoryAndSortsById() {
    String context = repository.toPromptContext(true);
    assertThat(context).startsWith("Available Actions:\n\n## file_read\n"
        + "- list_directory [minimal]: List contents of a directory\n"
        + "  Parameters: path*: string, recursive: boolean, max_depth: integer\n"
        + "- read_file [minimal]: Read the contents of a single file\n"
        + "  Parameters: path*: string, encoding: string\n");
    assertThat(context).contains("\n## system\n- run_shell_command [critical]: Execute a shell command");
    assertThat(repository.toPromptContext(false)).doesNotContain("Parameters:");
  }
}
