package io.ape.core.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.PlanParseException;
import io.ape.core.actions.StandardActions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmPlanParserTest {
  private final LlmPlanParser parser = new LlmPlanParser(StandardActions.createRepository());

  @Test
  void jsonArray() {
    PlanProposal p = parser.parse("[{\"action_id\":\"read_file\",\"tool_id\":\"read_file\","
        + "\"parameters\":{\"path\":\"config.json\"},\"description\":\"read it\"}]");
    assertThat(p.format()).isEqualTo(PlanProposal.Format.JSON);
    assertThat(p.steps()).containsExactly(new ProposedStep(0, "read_file", "read_file",
        Map.of("path", "config.json"), "read it", false));
  }

  @Test
  void jsonObjectWithStepsOrPlan() {
    PlanProposal p = parser.parse("{\"steps\":[{\"action_id\":\"list_directory\","
        + "\"parameters\":{\"path\":\"/tmp\",\"max_depth\":2}}],\"reasoning\":\"...\"}");
    assertThat(p.steps()).singleElement().satisfies(s -> {
      assertThat(s.toolId()).isNull();
      assertThat(s.parameters()).containsEntry("max_depth", 2L);
    });
    assertThat(p.warnings()).containsExactly("ignored top-level key 'reasoning'");
    assertThat(parser.parse("{\"plan\":{\"steps\":[{\"action_id\":\"read_file\"}]}}").steps())
        .hasSize(1);
    assertThat(parser.parse("{\"plan\":[{\"action_id\":\"read_file\"}]}").steps()).hasSize(1);
  }

  @Test
  void jsonInsideAFence() {
    String output = "Here is the plan:\n\n```json\n[\n  {\"action_id\": \"read_file\","
        + " \"parameters\": {\"path\": \"a.txt\"}, \"requires_escalation\": false}\n]\n```\n"
        + "Let me know!";
    PlanProposal p = parser.parse(output);
    assertThat(p.format()).isEqualTo(PlanProposal.Format.JSON_BLOCK);
    assertThat(p.steps()).extracting(ProposedStep::actionId).containsExactly("read_file");
    assertThat(parser.parse("```\n{\"steps\": [{\"action_id\": \"ls\"}]}\n```").steps())
        .extracting(ProposedStep::actionId).containsExactly("ls");
  }

  @Test
  void invalidJsonIsAnErrorNotAGuess() {
    assertThatThrownBy(() -> parser.parse("[{\"action_id\": \"read_file\",}]"))
        .isInstanceOf(PlanParseException.class)
        .hasMessageStartingWith("the model output is not valid JSON: invalid JSON at offset");
    assertThatThrownBy(() -> parser.parse("Plan:\n```json\n1. read_file path=a\n```\n"
        + "1. delete_file path=b"))
        .isInstanceOf(PlanParseException.class)
        .hasMessageStartingWith("the JSON code block is not valid JSON");
    assertThatThrownBy(() -> parser.parse("{\"actions\": [\"read_file\"]}"))
        .hasMessage("the JSON plan must be an array of steps or an object with \"steps\"");
    assertThatThrownBy(() -> parser.parse("\"read_file\""))
        .hasMessageStartingWith("could not find a plan in the model output");
    assertThatThrownBy(() -> parser.parse("[]")).hasMessage("the proposed plan has no steps");
  }

  @Test
  void malformedStepsAreAllReported() {
    assertThatThrownBy(() -> parser.parse("[\"read_file\", {\"action\": \"x\"},"
        + " {\"action_id\": 7, \"parameters\": [], \"requires_escalation\": \"yes\"}]"))
        .isInstanceOfSatisfying(PlanParseException.class, e -> assertThat(e.errors())
            .containsExactly("step 0: expected an object",
                "step 1: unknown key 'action' (allowed: action_id, tool_id, parameters,"
                    + " description, requires_escalation)",
                "step 1: missing action_id",
                "step 2: action_id must be a string",
                "step 2: parameters must be an object",
                "step 2: requires_escalation must be true or false"));
  }

  @Test
  void markdownListWithParameters() {
    PlanProposal p = parser.parse("I will:\n1. read_file path=config.json\n"
        + "2. **write_file**: save a copy path=\"backup copy.json\" content='{\"a\": 1}'\n"
        + "3) list_directory path=/tmp recursive=true max_depth=2\n"
        + "- http_get url=https://example.com tool_id=fetcher\n"
        + "* send_email to=[\"bob@example.com\"] subject=\"Hi\" body=\"x\" [requires approval]");
    assertThat(p.format()).isEqualTo(PlanProposal.Format.MARKDOWN_LIST);
    assertThat(p.steps()).containsExactly(
        new ProposedStep(0, "read_file", null, Map.of("path", "config.json"), "", false),
        new ProposedStep(1, "write_file", null, Map.of("path", "backup copy.json",
            "content", "{\"a\": 1}"), "save a copy", false),
        new ProposedStep(2, "list_directory", null, Map.of("path", "/tmp", "recursive", true,
            "max_depth", 2L), "", false),
        new ProposedStep(3, "http_get", "fetcher", Map.of("url", "https://example.com"), "",
            false),
        new ProposedStep(4, "send_email", null, Map.of("to", List.of("bob@example.com"),
            "subject", "Hi", "body", "x"), "", true));
  }

  @Test
  void versionNumbersAreNotListItems_weak28() {
    PlanProposal p = parser.parse("Using API 1.0 and release 3.5:\n1.0 read_file path=x\n"
        + "1. read_file path=a.txt\n2.5 delete_file path=b");
    assertThat(p.steps()).extracting(ProposedStep::actionId).containsExactly("read_file");
  }

  @Test
  void negationInProseNeverCreatesAStep_weak28() {
    assertThatThrownBy(() -> parser.parse("I will read_file config.json but I will never call"
        + " delete_file or run_shell_command."))
        .isInstanceOf(PlanParseException.class)
        .hasMessageContaining("could not find a plan in the model output");
    PlanProposal p = parser.parse("1. read_file path=a.txt\n2. Do NOT call delete_file\n"
        + "- never use run_shell_command");
    assertThat(p.steps()).extracting(ProposedStep::actionId).containsExactly("read_file");
    assertThat(p.warnings()).containsExactly(
        "line 2: list item does not start with an action id; ignored",
        "line 3: list item does not start with an action id; ignored");
  }

  @Test
  void listErrorsAreTyped() {
    assertThatThrownBy(() -> parser.parse("1. read_file path=a path=b\n"
        + "2. read_file path=\"unterminated \\q\" requires_escalation=maybe tool_id=[1]"))
        .isInstanceOfSatisfying(PlanParseException.class, e -> assertThat(e.errors())
            .containsExactly("line 1: parameter 'path' is given twice",
                "line 2: the value of 'path' is not valid: invalid JSON at offset 15: invalid"
                    + " escape",
                "line 2: requires_escalation must be true or false",
                "line 2: tool_id must be a string"));
  }

  @Test
  void outputIsBounded() {
    LlmPlanParser small = new LlmPlanParser(StandardActions.createRepository(), 10);
    assertThatThrownBy(() -> small.parse("[{\"action_id\":\"read_file\"}]"))
        .hasMessage("the model output is too long (27 characters; at most 10)");
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 101; i++) {
      many.append(i == 0 ? "" : ",").append("{\"action_id\":\"read_file\"}");
    }
    assertThatThrownBy(() -> parser.parse(many + "]"))
        .hasMessage("the proposed plan has 101 steps; at most 100 are allowed");
    assertThatThrownBy(() -> parser.parse("1. read_file\n".repeat(101)))
        .hasMessage("the proposed plan has more than 100 steps");
    assertThatThrownBy(() -> parser.parse(" \n ")).isInstanceOf(PlanParseException.class);
    assertThatThrownBy(() -> parser.parse(null)).isInstanceOf(PlanParseException.class);
  }

  @Test
  void errorQuotesOnlyAShortEscapedPreview_weak39() {
    assertThatThrownBy(() -> parser.parse("Sure! \u001b[2J Ignore everything; the api key is"
        + " sk-1234567890abcdef"))
        .satisfies(e -> assertThat(e.getMessage())
            .contains("'Sure! \\u001b[2J Ignore everyt...'")
            .doesNotContain("sk-1234567890abcdef"));
  }

  @Test
  void descriptionsAreCleanedAndBounded() {
    PlanProposal p = parser.parse("[{\"action_id\":\"read_file\",\"description\":\"a\\u0000b\\n"
        + "c" + "x".repeat(300) + "\"}]");
    assertThat(p.steps().get(0).description()).startsWith("a b c").hasSize(200);
  }
}
