package io.ape.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allocation-light versions of host extraction, path normalisation and string quoting
 * behave exactly like the straightforward ones in {@link ReferenceStringOperations}: same
 * host, same error message, same normalised path, same rendering, for every input.
 */
class FastPathEquivalenceTest {

  @Provide
  Arbitrary<String> urlsAndHosts() {
    return Arbitraries.of("https://", "http:", "//", "://", "ht!tp://", "user", "pw", "@", ":",
            "443", "99999", "443x", "0", "[", "]", "::1", "api", "API", ".", "..", "example",
            "COM", "github.com", "b\u00fccher", "\u0430pi", "xn--bcher-kva", "-", "a-", "_", "/",
            "?", "#", "\\", "%2e", "\u0000", "\n", " ", "a".repeat(64), "b".repeat(250))
        .list().ofMaxSize(10).map(parts -> String.join("", parts));
  }

  @Property(tries = 3000)
  void hostOfMatchesTheReference(@ForAll("urlsAndHosts") String value) {
    assertThat(HostNames.hostOf(value)).isEqualTo(ReferenceStringOperations.hostOf(value));
  }

  @Property(tries = 1000)
  void hostNormalisationMatchesTheReference(@ForAll("urlsAndHosts") String host) {
    assertThat(HostNames.normalize(host)).isEqualTo(ReferenceStringOperations.normalizeHost(host));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "//", "https://", "a@", "@", ":", "a:", "[", "[::1", "[::1]",
      "[::1]:80", "[::1]x", "[::1]:x", "u@[::1]:443/p", "u@h:1@x:2", "h:65535", "h:65536",
      "h:00080", "h.", "h..", ".", "https://API.Example.COM./", "user:pw@:80", "a#@b", "a\\@b"})
  void hostOfMatchesTheReferenceOnEdgeCases(String value) {
    assertThat(HostNames.hostOf(value)).isEqualTo(ReferenceStringOperations.hostOf(value));
  }

  @Provide
  Arbitrary<String> absolutePaths() {
    return Arbitraries.of("/", ".", "..", "...", "a", "bc", ".a", "a.", "//", "/./", "/../")
        .list().ofMaxSize(12).map(parts -> "/" + String.join("", parts));
  }

  @Property(tries = 3000)
  void pathNormalisationMatchesTheReference(@ForAll("absolutePaths") String path) {
    assertThat(PosixPaths.normalize(path)).isEqualTo(ReferenceStringOperations.normalizePath(path));
  }

  @Provide
  Arbitrary<String> quotingCandidates() {
    Arbitrary<String> any = Arbitraries.strings()
        .withChars("aZ09 /'\\\u001f\u007f\u0080\u00fc\u200b\ud83d\ude00")
        .ofMaxLength(120);
    Arbitrary<String> nearTheLimit = Arbitraries.integers().between(90, 100)
        .map(n -> "x".repeat(n));
    return Arbitraries.oneOf(any, nearTheLimit);
  }

  @Property(tries = 3000)
  void quotingMatchesTheReference(@ForAll("quotingCandidates") String value) {
    assertThat(Printable.quoted(value)).isEqualTo(ReferenceStringOperations.quoted(value));
  }
}
