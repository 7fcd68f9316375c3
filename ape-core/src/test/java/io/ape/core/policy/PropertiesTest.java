package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ActionIds;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.core.provider.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Rules that must hold for all inputs. */
class PropertiesTest {
  private final PolicyEngine defaultAllow = PolicyEngine.builder()
      .policy(TestPolicy.named("allow-all").defaultDecision(Outcome.ALLOW).build())
      .providerLoader(Fixtures.providerLoader("none")).build();

  private final PolicyEngine tmpOnly = PolicyEngine.builder()
      .policy(TestPolicy.named("tmp").rule("tmp", "write_file", Outcome.ALLOW,
          TestPolicy.cond("path", "path_within", "/tmp")).build())
      .providerLoader(Fixtures.providerLoader("none")).build();

  @Property(tries = 1000)
  void anyActionIdOutsideTheAlphabetIsDeniedEvenUnderDefaultAllow(@ForAll("ids") String id) {
    Assume.that(!id.matches("[A-Za-z_][A-Za-z0-9_.:-]{0,127}"));
    Decision d = defaultAllow.evaluate(id);
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.source()).isEqualTo(DecisionSource.INVALID_REQUEST);
  }

  @Property(tries = 1000)
  void aValidIdWithOneForeignCharacterIsDenied(@ForAll("validIds") String id,
      @ForAll("foreign") char bad, @ForAll int position) {
    int at = Math.floorMod(position, id.length() + 1);
    String tampered = id.substring(0, at) + bad + id.substring(at);
    assertThat(ActionIds.isValid(id)).isTrue();
    assertThat(defaultAllow.evaluate(tampered).source()).isEqualTo(DecisionSource.INVALID_REQUEST);
  }

  @Property(tries = 1000)
  void pathWithinNeverAcceptsAPathThatEscapesTheBase(@ForAll("paths") String path) {
    Decision d = tmpOnly.evaluate("write_file", Map.of("path", path));
    if (d.isAllowed()) {
      // Independent oracle: java.nio's normalisation, compared by name elements.
      Path normalised = Path.of(path).normalize();
      assertThat(normalised.startsWith(Path.of("/tmp"))).as(path + " -> " + normalised).isTrue();
      assertThat(path).startsWith("/").doesNotContain("\u0000").doesNotContain("\\");
    }
  }

  @Property(tries = 500)
  void pathsBuiltInsideTheBaseWithoutDotDotAreAccepted(@ForAll("names") List<String> names) {
    String path = "/tmp/" + String.join("/", names);
    assertThat(tmpOnly.evaluate("write_file", Map.of("path", path)).outcome()).isEqualTo(Outcome.ALLOW);
  }

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(140),
        Arbitraries.strings().withChars("ab_.:-1 \n\t\u0430\uff41\u200b/").ofMaxLength(20),
        validIds().map(s -> s + "\n"),
        validIds().map(s -> " " + s));
  }

  @Provide
  Arbitrary<String> validIds() {
    return Arbitraries.strings().withChars("abcxyzABZ_").ofMinLength(1).ofMaxLength(1)
        .flatMap(first -> Arbitraries.strings().withChars("abcXYZ019_.:-").ofMaxLength(60)
            .map(rest -> first + rest));
  }

  @Provide
  Arbitrary<Character> foreign() {
    return Arbitraries.of(' ', '\n', '\r', '\t', '\u0000', '/', '\\', '\u0430', '\u0435', '\uff41',
        '\u200b', '\u202e', '#', '@', '!', '$', '\u00e9');
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> segment = Arbitraries.of("tmp", "etc", "..", ".", "", "a", "tmpfoo", "passwd",
        "tmp\u0000", "..\\..", "~");
    Arbitrary<String> built = segment.list().ofMaxSize(8).map(s -> String.join("/", s))
        .flatMap(p -> Arbitraries.of("", "/", "/tmp/", "./").map(prefix -> prefix + p));
    Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(40)
        .flatMap(s -> Arbitraries.of("", "/tmp/", "/tmp").map(prefix -> prefix + s));
    return Arbitraries.oneOf(built, anything);
  }

  @Provide
  Arbitrary<List<String>> names() {
    return Arbitraries.strings().withChars("abc.-_ ").ofMinLength(1).ofMaxLength(8)
        .filter(s -> !s.equals(".") && !s.equals(".."))
        .list().ofMinSize(0).ofMaxSize(5);
  }
}
