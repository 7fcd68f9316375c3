package io.ape.agentdojo.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Same results as CPython 3.11's difflib (expected values computed with it). */
class SequenceMatcherTest {
  @Test
  void ratiosMatchDifflib() {
    assertThat(SequenceMatcher.ratio("Hi Michael,\n\nI'm looking forward", "Hi Michael,\nI am looking forward"))
        .isEqualTo(0.9375);
    assertThat(SequenceMatcher.ratio("abcd", "bcde")).isEqualTo(0.75);
    assertThat(SequenceMatcher.ratio("", "")).isEqualTo(1.0);
    // 'a' is a popular element of b (autojunk), yet the match is extended over it, as in difflib.
    assertThat(SequenceMatcher.ratio("a".repeat(250) + "b", "a".repeat(240) + "c")).isEqualTo(0.975609756097561);
  }

  @Test
  void opcodesMatchDifflib() {
    SequenceMatcher m = new SequenceMatcher(List.of("x", "y", "z"), List.of("x", "q", "y", "z", "w"), false);
    assertThat(m.opcodes()).containsExactly(
        new SequenceMatcher.Opcode("equal", 0, 1, 0, 1),
        new SequenceMatcher.Opcode("insert", 1, 1, 1, 2),
        new SequenceMatcher.Opcode("equal", 1, 3, 2, 4),
        new SequenceMatcher.Opcode("insert", 3, 3, 4, 5));
    SequenceMatcher s = new SequenceMatcher(SequenceMatcher.codePoints("abcd"), SequenceMatcher.codePoints("bcde"), false);
    assertThat(s.opcodes()).containsExactly(
        new SequenceMatcher.Opcode("delete", 0, 1, 0, 0),
        new SequenceMatcher.Opcode("equal", 1, 4, 0, 3),
        new SequenceMatcher.Opcode("insert", 4, 4, 3, 4));
  }

  /** A ratio is in [0, 1], symmetric for equal lengths of match, and 1 for equal strings. */
  @Property(tries = 300)
  void ratioBounds(@ForAll @StringLength(max = 40) @CharRange(from = 'a', to = 'e') String a,
                   @ForAll @StringLength(max = 40) @CharRange(from = 'a', to = 'e') String b) {
    double r = SequenceMatcher.ratio(a, b);
    assertThat(r).isBetween(0.0, 1.0);
    assertThat(SequenceMatcher.ratio(a, a)).isEqualTo(1.0);
    // the opcodes rebuild b from a
    SequenceMatcher m = new SequenceMatcher(SequenceMatcher.codePoints(a), SequenceMatcher.codePoints(b), false);
    StringBuilder rebuilt = new StringBuilder();
    for (SequenceMatcher.Opcode op : m.opcodes()) {
      rebuilt.append(op.tag().equals("equal") ? a.substring(op.i1(), op.i2()) : b.substring(op.j1(), op.j2()));
    }
    assertThat(rebuilt.toString()).isEqualTo(b);
  }
}
