package io.ape.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.CompiledIntent;
import io.ape.api.IntentAmbiguityException;
import io.ape.api.PolicyView;
import io.ape.core.actions.StandardActions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The table of prompts in {@code prompts.txt}, each with the intent it must compile to. */
class PromptTableTest {
  private static final PatternIntentCompiler COMPILER =
      new PatternIntentCompiler(StandardActions.createRepository());
  private static final PolicyView EVERYTHING = PolicyViews.allowingEverything();

  record Case(int line, String prompt, List<String> allowed, List<String> escalation,
      List<String> forbidden, Map<String, Map<String, Object>> parameters, boolean ambiguous) {
    @Override
    public String toString() {
      return line + ": " + prompt;
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (InputStream in = PromptTableTest.class.getResourceAsStream("prompts.txt")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] col = line.split(" \\| ", -1);
        if (col.length != 5) {
          throw new IllegalStateException("prompts.txt line " + (i + 1) + " has " + col.length
              + " columns");
        }
        boolean ambiguous = col[1].strip().equals("AMBIGUOUS");
        out.add(new Case(i + 1, col[0], ambiguous ? List.of() : list(col[1]), list(col[2]),
            list(col[3]), parameters(col[4]), ambiguous));
      }
    }
    return out;
  }

  static Stream<Arguments> table() throws IOException {
    return cases().stream().map(Arguments::of);
  }

  @Test
  void tableHasAtLeastOneHundredPrompts() throws IOException {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(100);
    assertThat(cases().stream().filter(Case::ambiguous).count()).isGreaterThanOrEqualTo(25);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void promptCompilesToTheExpectedIntent(Case c) {
    if (c.ambiguous()) {
      assertThatThrownBy(() -> COMPILER.compile(c.prompt(), EVERYTHING))
          .isInstanceOf(IntentAmbiguityException.class);
      return;
    }
    CompiledIntent intent = COMPILER.compile(c.prompt(), EVERYTHING);
    assertThat(intent.allowedActions()).as("allowed").isEqualTo(c.allowed());
    assertThat(intent.escalationRequired()).as("escalation").isEqualTo(c.escalation());
    assertThat(intent.forbiddenActions()).as("forbidden").isEqualTo(c.forbidden());
    assertThat(intent.parameters()).as("parameters").isEqualTo(c.parameters());
    assertThat(COMPILER.compile(c.prompt(), EVERYTHING)).as("deterministic").isEqualTo(intent);
  }

  private static List<String> list(String column) {
    String s = column.strip();
    return s.equals("-") ? List.of() : Arrays.stream(s.split(",")).map(String::strip).toList();
  }

  private static Map<String, Map<String, Object>> parameters(String column) {
    String s = column.strip();
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    if (s.equals("-")) {
      return out;
    }
    for (String assignment : s.split(" ; ")) {
      int dot = assignment.indexOf('.');
      int eq = assignment.indexOf('=');
      String action = assignment.substring(0, dot);
      String key = assignment.substring(dot + 1, eq);
      String raw = assignment.substring(eq + 1);
      Object value;
      if (raw.equals("true") || raw.equals("false")) {
        value = Boolean.valueOf(raw);
      } else if (raw.startsWith("[") && raw.endsWith("]")) {
        value = Arrays.stream(raw.substring(1, raw.length() - 1).split(",")).toList();
      } else {
        value = raw;
      }
      out.computeIfAbsent(action, k -> new LinkedHashMap<>()).put(key, value);
    }
    return out;
  }
}
