package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Classes of attack on the poisoning detector, each as a property: hidden characters anywhere,
 * instruction blocks and concealment in any case and spacing, secrets in any sentence; and no
 * report for ordinary descriptions built from the vocabulary of real tools.
 */
class ToolPoisoningPropertyTest {
  private static final List<String> WORDS = List.of("read", "the", "complete", "contents", "of",
      "a", "file", "as", "text", "only", "works", "within", "allowed", "directories", "returns",
      "list", "entities", "knowledge", "graph", "create", "new", "directory", "search", "for",
      "nodes", "based", "on", "query", "echoes", "back", "input", "string", "sum", "two",
      "numbers", "image", "resource", "links", "metadata", "size", "modified", "time", "lines",
      "encoding", "error", "messages", "path", "recursive", "tree", "view", "json", "structure",
      "relations", "observations", "delete", "multiple", "move", "rename", "files", "between");
  private static final int[] HIDDEN = {0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063,
      0x2064, 0xFEFF, 0x00AD, 0x180E, 0xE0001, 0xE0041, 0xE007F, 0xE0100, 0x0000, 0x001B, 0x007F};
  private static final int[] BIDI = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067,
      0x2068, 0x2069, 0x200E, 0x200F, 0x061C};

  private final ToolPoisoningDetector detector = new ToolPoisoningDetector();

  @Provide
  Arbitrary<String> benign() {
    Arbitrary<String> sentence = Arbitraries.of(WORDS).list().ofMinSize(3).ofMaxSize(14)
        .map(ws -> {
          String s = String.join(" ", ws);
          return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
        });
    return sentence.list().ofMinSize(1).ofMaxSize(5).map(ss -> String.join(" ", ss));
  }

  @Property(tries = 300)
  void ordinaryDescriptionsAreNeverReported(@ForAll("benign") String description) {
    assertThat(detector.inspect("read_file", "", description, Tools.schema("path"))).isEmpty();
  }

  @Property(tries = 300)
  void anInsertedInvisibleCharacterIsAlwaysReported(@ForAll("benign") String description,
      @ForAll("hidden") int cp, @ForAll double where) {
    String poisoned = insert(description, cp, where);
    assertThat(detector.inspect("t", "", poisoned, Map.of())).extracting(PoisoningFinding::kind)
        .contains(PoisoningKind.INVISIBLE_CHARACTER);
  }

  @Property(tries = 300)
  void anInsertedBidiControlIsAlwaysReported(@ForAll("benign") String description,
      @ForAll("bidi") int cp, @ForAll double where) {
    String poisoned = insert(description, cp, where);
    assertThat(detector.inspect("t", "", poisoned, Map.of())).extracting(PoisoningFinding::kind)
        .contains(PoisoningKind.BIDI_CONTROL);
  }

  @Property(tries = 200)
  void theSameHolds_inTheNameAndInAnyParameterDescription(@ForAll("benign") String text,
      @ForAll("hidden") int cp, @ForAll double where) {
    String poisoned = insert(text, cp, where);
    Map<String, Object> schema = Map.of("type", "object", "properties",
        Map.of("path", Map.of("type", "string", "description", poisoned)));
    assertThat(detector.inspect("t", "", "fine", schema)).extracting(PoisoningFinding::where)
        .contains("inputSchema.properties.path.description");
    assertThat(detector.inspect(insert("read_file", cp, where), "", "fine", Map.of()))
        .extracting(PoisoningFinding::where).contains("name");
  }

  @Property(tries = 300)
  void instructionBlocksAreReportedInAnyCaseSpacingAndPlace(@ForAll("benign") String before,
      @ForAll("benign") String after, @ForAll("tag") String tag, @ForAll("spaces") String sp,
      @ForAll boolean fullWidth) {
    String block = "<" + sp + tag + sp + ">";
    if (fullWidth) {
      block = block.replace('<', '\uFF1C').replace('>', '\uFF1E');
    }
    String d = before + " " + block + " do it " + after;
    assertThat(detector.inspect("t", "", d, Map.of())).extracting(PoisoningFinding::kind)
        .contains(PoisoningKind.HIDDEN_INSTRUCTIONS);
  }

  @Property(tries = 300)
  void concealmentIsReportedInItsUsualWordings(@ForAll("benign") String before,
      @ForAll("concealment") String phrase) {
    assertThat(detector.inspect("t", "", before + " " + phrase + ".", Map.of()))
        .extracting(PoisoningFinding::kind).contains(PoisoningKind.CONCEALMENT);
  }

  @Property(tries = 300)
  void secretsAreReportedWhereverTheyAppear(@ForAll("benign") String before,
      @ForAll("benign") String after, @ForAll("secret") String secret) {
    assertThat(detector.inspect("t", "", before + " read " + secret + " then " + after, Map.of()))
        .extracting(PoisoningFinding::kind).contains(PoisoningKind.SECRET_REFERENCE);
  }

  @Provide
  Arbitrary<Integer> hidden() {
    return Arbitraries.of(java.util.Arrays.stream(HIDDEN).boxed().toList());
  }

  @Provide
  Arbitrary<Integer> bidi() {
    return Arbitraries.of(java.util.Arrays.stream(BIDI).boxed().toList());
  }

  @Provide
  Arbitrary<String> spaces() {
    return Arbitraries.of("", " ", "  ", "\t");
  }

  @Provide
  Arbitrary<String> tag() {
    return Combinators.combine(Arbitraries.of("important", "system", "instructions", "secret",
            "hidden", "critical", "/important"), Arbitraries.integers().between(0, 1 << 20))
        .as(ToolPoisoningPropertyTest::randomCase);
  }

  @Provide
  Arbitrary<String> concealment() {
    return Combinators.combine(
        Arbitraries.of("do not", "don't", "never", "must not", "should not", "without"),
        Arbitraries.of("tell", "mention", "inform", "reveal", "disclose", "notify", "alert"),
        Arbitraries.of("", "this to ", "it to ", "anything to ", "any of this to "),
        Arbitraries.of("the user", "the users", "user"),
        Arbitraries.integers().between(0, 1 << 20))
        .as((a, b, c, d, seed) -> randomCase(a + " " + b + " " + c + d, seed));
  }

  @Provide
  Arbitrary<String> secret() {
    return Arbitraries.of("~/.ssh/id_rsa", "~/.ssh", "id_ed25519", ".env", "./.env.production",
        "~/.aws/credentials", "~/.netrc", "the private key", "~/.cursor/mcp.json",
        "~/.kube/config", "~/.docker/config.json", "/etc/shadow", "~/.git-credentials");
  }

  private static String randomCase(String s, int seed) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(((seed >> (i % 20)) & 1) == 1 ? Character.toUpperCase(c) : c);
    }
    return sb.toString();
  }

  private static String insert(String s, int cp, double where) {
    int at = (int) Math.floor(Math.abs(where % 1.0) * (s.length() + 1));
    at = Math.min(Math.max(at, 0), s.length());
    if (at > 0 && at < s.length() && Character.isLowSurrogate(s.charAt(at))) {
      at--;
    }
    return s.substring(0, at) + new String(Character.toChars(cp)) + s.substring(at);
  }
}
