package io.ape.agentdojo.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.agentdojo.AgentDojoException;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** {@code str.format(**values)} for named fields, and nothing else. */
class PyFormatTest {
  @Test
  void substitutesNamedFieldsAndEscapedBraces() {
    assertThat(PyFormat.format("a {x} b {y_1} {{lit}} }}", Map.of("x", "1", "y_1", "{2}")))
        .isEqualTo("a 1 b {2} {lit} }");
  }

  @Test
  void refusesWhatPythonWouldRefuseOrWhatTheBenchmarkNeverUses() {
    for (String bad : new String[] {"{missing}", "{", "}", "a { b", "{}", "{0}", "{x!r}", "{x:>5}", "{x.y}", "{x[0]}"}) {
      assertThatThrownBy(() -> PyFormat.format(bad, Map.of("x", "1")))
          .as(bad).isInstanceOf(AgentDojoException.class);
    }
  }

  /** A text without braces is returned unchanged, whatever the values. */
  @Property(tries = 300)
  void textWithoutBracesIsUnchanged(@ForAll @StringLength(max = 200) String text) {
    String plain = text.replace("{", "").replace("}", "");
    assertThat(PyFormat.format(plain, Map.of("x", "y"))).isEqualTo(plain);
  }

  /** A substituted value is inserted verbatim, braces included (values are not formatted again). */
  @Property(tries = 300)
  void valuesAreInsertedVerbatim(
      @ForAll @StringLength(max = 60) @CharRange(from = ' ', to = '~') @Chars({'{', '}', '\n'}) String value) {
    assertThat(PyFormat.format("<{v}>", Map.of("v", value))).isEqualTo("<" + value + ">");
  }
}
