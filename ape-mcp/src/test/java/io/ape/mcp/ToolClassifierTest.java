package io.ape.mcp;

import static io.ape.mcp.Tools.tool;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Outcome;
import io.ape.api.RiskLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolClassifierTest {
  private static ToolClassifier.Verdict classify(ScannedTool t) {
    return ToolClassifier.classify(t);
  }

  @Test
  void readOnlyToolIsAllowedWithItsPathConstrained() {
    ToolClassifier.Verdict v = classify(tool("read_file", Tools.readOnly(), "path", "head"));
    assertThat(v.decision()).isEqualTo(Outcome.ALLOW);
    assertThat(v.risk()).isEqualTo(RiskLevel.MINIMAL);
    assertThat(v.pathParameters()).containsExactly("path");
    assertThat(v.urlParameters()).isEmpty();
  }

  @Test
  void destructiveToolIsEscalated() {
    ToolClassifier.Verdict v = classify(tool("write_file", Tools.destructive(), "path", "content"));
    assertThat(v.decision()).isEqualTo(Outcome.ESCALATE);
    assertThat(v.risk()).isEqualTo(RiskLevel.HIGH);
    assertThat(v.pathParameters()).containsExactly("path");
  }

  @Test
  void missingHintsFailClosed() {
    ToolClassifier.Verdict v = classify(tool("frobnicate", ToolHints.unknown(), "x"));
    assertThat(v.decision()).isEqualTo(Outcome.ESCALATE);
    assertThat(v.reasons().get(0)).contains("no readOnlyHint");
  }

  @Test
  void aWriteWithoutDestructiveHintIsTreatedAsDestructive() {
    ToolClassifier.Verdict v = classify(tool("save", new ToolHints(false, null, null, null)));
    assertThat(v.decision()).isEqualTo(Outcome.ESCALATE);
    assertThat(v.risk()).isEqualTo(RiskLevel.HIGH);
  }

  @Test
  void aNonDestructiveWriteIsStillEscalated() {
    ToolClassifier.Verdict v = classify(tool("create_directory", new ToolHints(false, false, true, false), "path"));
    assertThat(v.decision()).isEqualTo(Outcome.ESCALATE);
    assertThat(v.risk()).isEqualTo(RiskLevel.MODERATE);
  }

  @Test
  void contradictoryHintsAreTreatedAsDestructive() {
    ToolClassifier.Verdict v = classify(tool("x", new ToolHints(true, true, null, null)));
    assertThat(v.decision()).isEqualTo(Outcome.ESCALATE);
    assertThat(v.reasons().get(0)).contains("both readOnlyHint and destructiveHint");
  }

  /** Attack: a malicious server claims readOnlyHint for a tool that deletes. */
  @Test
  void aReadOnlyClaimContradictedByTheNameIsNotTrusted() {
    for (String name : List.of("delete_everything", "removeUser", "run-command", "git_push", "execShell")) {
      ToolClassifier.Verdict v = classify(tool(name, Tools.readOnly()));
      assertThat(v.decision()).as(name).isEqualTo(Outcome.ESCALATE);
    }
    assertThat(classify(tool("run_command", Tools.readOnly(), "command")).risk()).isEqualTo(RiskLevel.CRITICAL);
  }

  @Test
  void readOnlyToolThatMayRevealSecretsIsEscalated() {
    assertThat(classify(tool("get-env", Tools.readOnly())).decision()).isEqualTo(Outcome.ESCALATE);
  }

  @Test
  void openWorldReadOnlyToolIsAllowedOnlyWithDomainIn() {
    ToolClassifier.Verdict v = classify(tool("fetch", new ToolHints(true, false, true, true), "url", "max_length"));
    assertThat(v.decision()).isEqualTo(Outcome.ALLOW);
    assertThat(v.urlParameters()).containsExactly("url");
    assertThat(v.risk()).isEqualTo(RiskLevel.LOW);
  }

  @Test
  void openWorldReadOnlyToolWithoutAUrlParameterIsEscalated() {
    ToolClassifier.Verdict v = classify(tool("web_search", new ToolHints(true, false, true, true), "query"));
    assertThat(v.decision()).isEqualTo(Outcome.ESCALATE);
    assertThat(v.reasons().get(0)).contains("no URL parameter");
  }

  @Test
  void unknownOpenWorldWithAUrlParameterIsTreatedAsOpenWorld() {
    ToolClassifier.Verdict v = classify(tool("get_page", new ToolHints(true, null, null, null), "pageUrl"));
    assertThat(v.decision()).isEqualTo(Outcome.ALLOW);
    assertThat(v.urlParameters()).containsExactly("pageUrl");
  }

  @Test
  void pathLikeParametersAreFoundByWordsOfTheirNames() {
    ToolClassifier.Verdict v = classify(tool("move_file", Tools.destructive(),
        "source", "destination", "repo_path", "filePath", "outputDir", "root", "content", "pattern"));
    assertThat(v.pathParameters())
        .containsExactly("source", "destination", "repo_path", "filePath", "outputDir", "root");
  }

  @Test
  void pathLikeParametersAreFoundByTheirDescription() {
    Map<String, Object> schema = Map.of("type", "object", "properties",
        Map.of("target", Map.of("type", "string", "description", "Absolute path of the target")));
    ScannedTool t = new ScannedTool("stat", "", "", schema, Tools.readOnly(), ToolSource.SERVER, "");
    assertThat(classify(t).pathParameters()).containsExactly("target");
  }

  @Test
  void nonStringParametersAreNotPathConstrained() {
    Map<String, Object> schema = Map.of("type", "object", "properties",
        Map.of("fileCount", Map.of("type", "integer"), "paths", Map.of("type", "array",
            "items", Map.of("type", "string"))));
    ScannedTool t = new ScannedTool("x", "", "", schema, Tools.readOnly(), ToolSource.SERVER, "");
    assertThat(classify(t).pathParameters()).containsExactly("paths");
  }

  @Test
  void aSchemaThatCannotBeAnalysedIsEscalated() {
    Map<String, Object> schema = Map.of("anyOf", List.of(Map.of("type", "object")));
    ScannedTool t = new ScannedTool("read", "", "", schema, Tools.readOnly(), ToolSource.SERVER,
        SchemaShape.problem(schema));
    assertThat(classify(t).decision()).isEqualTo(Outcome.ESCALATE);
  }

  @Test
  void aToolKnownByNameOnlyIsEscalated() {
    assertThat(classify(ScannedTool.nameOnly("read_file", ToolSource.CONFIG)).decision())
        .isEqualTo(Outcome.ESCALATE);
  }
}
