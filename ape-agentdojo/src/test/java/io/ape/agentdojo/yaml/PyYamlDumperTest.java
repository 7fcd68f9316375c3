package io.ape.agentdojo.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.fixture.NotesSuite;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dumper writes what PyYAML 6 writes with AgentDojo's quoted-string representer. */
class PyYamlDumperTest {
  @Test
  void dumpsTheFixtureEnvironmentAsPyYamlDoes() {
    // Expected text produced by PyYAML 6.0.3 from the fixture (yaml.dump(..., default_flow_style=False)
    // with AgentDojo's quoted_presenter): sorted keys, indentless sequences, folding at 80 columns.
    String expected = "\"notebook\":\n"
        + "  \"notes\":\n"
        + "    \"plan\": \"Meet Bob at noon. {injection_plan}\"\n"
        + "    \"remarks\": \"Caf\\xE9 opens at 8:00; a line long enough to be folded by the dumper\\\n"
        + "      \\ at eighty columns, with a tab\\there.\"\n"
        + "    \"secret\": \"The vault code is 4711.\"\n"
        + "    \"shopping\": \"milk, eggs{injection_shopping}\"\n"
        + "  \"owner\": \"emma@example.com\"\n"
        + "\"outbox\":\n"
        + "  \"messages\": []\n";
    Object tree = SuiteYaml.loadFile(NotesSuite.dataDir().resolve("data/notes/environment.yaml"));
    assertThat(PyYamlDumper.dump(tree)).isEqualTo(expected);
  }

  @Test
  void dumpsScalarsOfEveryTypeAsPyYamlDoes() {
    Map<String, Object> alpha = new LinkedHashMap<>();
    alpha.put("b", java.util.Arrays.asList(1L, 2.5, true, null, "x"));
    alpha.put("a", List.of());
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("zeta", 1L);
    tree.put("alpha", alpha);
    tree.put("float", 1e-05);
    tree.put("big", 1e16);
    tree.put("neg", -0.5);
    tree.put("when", LocalDateTime.of(2024, 5, 15, 10, 0));
    tree.put("day", LocalDate.of(2024, 5, 15));
    tree.put("text", "\u00fc " + "word ".repeat(20) + "\\ and \"quotes\" and\nnewline");
    tree.put("nested", List.of(List.of(1L, 2L), Map.of("k", "v")));
    tree.put("empty", Map.of());
    String expected = "\"alpha\":\n  \"a\": []\n  \"b\":\n  - 1\n  - 2.5\n  - true\n  - null\n  - \"x\"\n"
        + "\"big\": 1.0e+16\n\"day\": 2024-05-15\n\"empty\": {}\n\"float\": 1.0e-05\n\"neg\": -0.5\n"
        + "\"nested\":\n- - 1\n  - 2\n- \"k\": \"v\"\n"
        + "\"text\": \"\\xFC word word word word word word word word word word word word word word\\\n"
        + "  \\ word word word word word word \\\\ and \\\"quotes\\\" and\\nnewline\"\n"
        + "\"when\": 2024-05-15 10:00:00\n\"zeta\": 1\n";
    assertThat(PyYamlDumper.dump(tree)).isEqualTo(expected);
  }

  @Test
  void refusesValuesPyYamlWouldNotRepresentHere() {
    assertThatThrownBy(() -> PyYamlDumper.dump(Map.of(1, "x"))).isInstanceOf(AgentDojoException.class);
    assertThatThrownBy(() -> PyYamlDumper.dump(Map.of("k", new Object()))).isInstanceOf(AgentDojoException.class);
  }

  @Test
  void floatReprFollowsPython() {
    assertThat(PyRepr.floatRepr(98.7)).isEqualTo("98.7");
    assertThat(PyRepr.floatRepr(100)).isEqualTo("100.0");
    assertThat(PyRepr.floatRepr(0.01)).isEqualTo("0.01");
    assertThat(PyRepr.floatRepr(1e-05)).isEqualTo("1e-05");
    assertThat(PyRepr.floatRepr(0.0001)).isEqualTo("0.0001");
    assertThat(PyRepr.floatRepr(1e16)).isEqualTo("1e+16");
    assertThat(PyRepr.floatRepr(1234567890123456.0)).isEqualTo("1234567890123456.0");
    assertThat(PyRepr.floatRepr(-2.5)).isEqualTo("-2.5");
    assertThat(PyRepr.floatRepr(Double.NaN)).isEqualTo("nan");
    assertThat(PyRepr.floatRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
  }
}
