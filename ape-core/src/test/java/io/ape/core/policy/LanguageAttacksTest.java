package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.api.PolicyLimits;
import io.ape.api.RequestContext;
import io.ape.policy.yaml.PolicyParsers;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 12, each through {@link PolicyEngine#evaluate} as an outsider would
 * send it. Every one of them was an ALLOW (or could not be written) before the fix.
 */
class LanguageAttacksTest {
  @TempDir
  Path dir;

  static PolicyEngine engine(String yaml) {
    return PolicyEngine.of(PolicyParsers.yaml().parse(yaml.getBytes(StandardCharsets.UTF_8),
        "attack.yaml", PolicyLimits.defaults()));
  }

  static Outcome decide(PolicyEngine engine, String action, Map<String, ?> parameters) {
    return engine.evaluate(action, parameters).outcome();
  }

  // ---------------------------------------------------------------- URL parser differential

  @Test
  void aBackslashBeforeAUserinfoLikePartIsNotAllowedAsTheAllowedHost() {
    PolicyEngine engine = engine("""
        rules:
          - action: http_get
            decision: allow
            conditions:
              url: { domain_in: [api.github.com, "*.githubusercontent.com"] }
        """);
    for (String url : List.of("https://api.github.com\\@evil.com/",
        "https://raw.githubusercontent.com\\@evil.com/x",
        "https://api.github.com\\\\@evil.com/",
        "http://api.github.com\\.evil.com@evil.com/")) {
      assertThat(decide(engine, "http_get", Map.of("url", url))).as(url).isEqualTo(Outcome.DENY);
    }
    assertThat(decide(engine, "http_get", Map.of("url", "https://api.github.com/repos")))
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aBackslashUrlDoesNotPassTheBundledReadOnlyFetchRule() throws IOException {
    PolicyEngine engine = PolicyEngine.fromFile(RepoFiles.find("policies/read_only.yaml"));
    assertThat(decide(engine, "http_get", Map.of("url", "https://api.github.com\\@evil.com/")))
        .isEqualTo(Outcome.DENY);
    assertThat(decide(engine, "http_get",
        Map.of("url", "https://en.wikipedia.org\\@evil.com/wiki"))).isEqualTo(Outcome.DENY);
  }

  @Test
  void aBackslashUrlIsCaughtByADomainDenyRule() {
    PolicyEngine engine = engine("""
        rules:
          - id: no-evil
            action: http_get
            decision: deny
            conditions:
              url: { domain_in: [evil.com] }
          - action: http_get
            decision: allow
        """);
    assertThat(decide(engine, "http_get", Map.of("url", "https://good.org\\@evil.com/")))
        .isEqualTo(Outcome.DENY);
  }

  // ---------------------------------------------------------------- unnormalised paths

  @Test
  void dotAndDoubleSlashSegmentsDoNotSkipAPrefixDenyRule() {
    PolicyEngine engine = engine("""
        rules:
          - id: never-etc
            action: read_file
            decision: deny
            conditions:
              path: { prefix: /etc/ }
          - action: read_file
            decision: allow
        """);
    for (String path : List.of("//etc/passwd", "/./etc/passwd", "/srv/../etc/passwd",
        "/.//etc/shadow", "///etc/passwd")) {
      assertThat(decide(engine, "read_file", Map.of("path", path))).as(path)
          .isEqualTo(Outcome.DENY);
    }
    assertThat(decide(engine, "read_file", Map.of("path", "/srv/a.txt"))).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void dotAndDoubleSlashSegmentsDoNotSkipAnAllowlistDenyRule() {
    PolicyEngine engine = engine("""
        rules:
          - id: no-vcs
            action: write_file
            decision: deny
            conditions:
              path: { allowlist: ["/workspace/.git/*"] }
          - action: write_file
            decision: allow
            conditions:
              path: { path_within: /workspace }
        """);
    for (String path : List.of("/workspace//.git/config", "/workspace/./.git/config",
        "/workspace/.git/./config")) {
      assertThat(decide(engine, "write_file", Map.of("path", path))).as(path)
          .isEqualTo(Outcome.DENY);
    }
  }

  @Test
  void aTrailingDotSegmentDoesNotPassADenylistInAnAllowRule() {
    PolicyEngine engine = engine("""
        rules:
          - action: read_file
            decision: allow
            conditions:
              path: { path_within: /workspace, denylist: ["*.pem", "/workspace/secret/*"] }
        """);
    for (String path : List.of("/workspace/key.pem/.", "/workspace//secret/a",
        "/workspace/./secret/a", "/workspace/secret//a")) {
      assertThat(decide(engine, "read_file", Map.of("path", path))).as(path)
          .isEqualTo(Outcome.DENY);
    }
    assertThat(decide(engine, "read_file", Map.of("path", "/workspace/notes.md")))
        .isEqualTo(Outcome.ALLOW);
  }

  // ---------------------------------------------------------------- path_within symlinks

  @Test
  void aSymlinkBehindAMissingDirectoryAndDotDotDoesNotEscapePathWithin() throws IOException {
    Path base = Files.createDirectories(dir.resolve("base"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "s");
    Files.createSymbolicLink(base.resolve("link"), outside);
    PolicyEngine engine = engine("""
        rules:
          - action: read_file
            decision: allow
            conditions:
              path:
                path_within: { base: [%s], resolve_symlinks: true }
        """.formatted(base));
    assertThat(decide(engine, "read_file", Map.of("path", base + "/missing/../link/secret")))
        .isEqualTo(Outcome.DENY);
    assertThat(decide(engine, "read_file", Map.of("path", base + "/link/secret")))
        .isEqualTo(Outcome.DENY);
    assertThat(decide(engine, "read_file", Map.of("path", base + "/new.txt")))
        .isEqualTo(Outcome.ALLOW);
  }

  // ---------------------------------------------------------------- numbers

  @Test
  void anExactDecimalJustAboveMaxOrBelowMinIsNotAllowed() {
    PolicyEngine engine = engine("""
        rules:
          - action: pay
            decision: allow
            conditions:
              amount: { min: 1, max: 100 }
        """);
    assertThat(decide(engine, "pay", Map.of("amount", new BigDecimal("100.00000000000000001"))))
        .isEqualTo(Outcome.DENY);
    assertThat(decide(engine, "pay", Map.of("amount", new BigDecimal("0.99999999999999999"))))
        .isEqualTo(Outcome.DENY);
    assertThat(decide(engine, "pay", Map.of("amount", new BigDecimal("100.000"))))
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aDecimalAlmostEqualToAOneOfMemberIsNotAllowed() {
    PolicyEngine engine = engine("""
        rules:
          - action: scale
            decision: allow
            conditions:
              replicas: { one_of: [1, 2, 3] }
              ratio: { equals: 0.5 }
        """);
    assertThat(decide(engine, "scale", Map.of("replicas", new BigDecimal("3.0000000000000001"),
        "ratio", 0.5))).isEqualTo(Outcome.DENY);
    assertThat(decide(engine, "scale", Map.of("replicas", 3,
        "ratio", new BigDecimal("0.50000000000000001")))).isEqualTo(Outcome.DENY);
    assertThat(decide(engine, "scale", Map.of("replicas", new BigDecimal("3.00"),
        "ratio", new BigDecimal("0.5")))).isEqualTo(Outcome.ALLOW);
  }

  /** A BigDecimal that tells {@code max} it is small. */
  static final class LyingDecimal extends BigDecimal {
    LyingDecimal(String value) {
      super(value);
    }

    @Override
    public double doubleValue() {
      return 1;
    }

    @Override
    public int compareTo(BigDecimal other) {
      return -1;
    }
  }

  /** A BigInteger whose value changes after it is first read. */
  static final class ShiftingInteger extends BigInteger {
    private int reads;

    ShiftingInteger() {
      super("5");
    }

    @Override
    public double doubleValue() {
      return reads++ == 0 ? 5 : 5_000_000;
    }

    @Override
    public long longValue() {
      return reads++ == 0 ? 5 : 5_000_000;
    }

    @Override
    public String toString() {
      return reads++ == 0 ? "5" : "5000000";
    }
  }

  @Test
  void aLyingOrMutableNumberSubclassIsCopiedToItsJdkTypeOrRefused() {
    PolicyEngine engine = engine("""
        rules:
          - action: pay
            decision: allow
            conditions:
              amount: { max: 100 }
        """);
    assertThat(decide(engine, "pay", Map.of("amount", new LyingDecimal("1000000"))))
        .isEqualTo(Outcome.DENY);
    Map<String, Object> copied = io.ape.api.ParameterValues.copyOf(
        Map.of("amount", new ShiftingInteger()));
    assertThat(copied.get("amount").getClass()).isEqualTo(BigInteger.class);
    assertThat(copied.get("amount")).isEqualTo(BigInteger.valueOf(5));
    assertThat(io.ape.api.ParameterValues.copyOf(Map.of("amount", new LyingDecimal("1000000")))
        .get("amount").getClass()).isEqualTo(BigDecimal.class);
  }

  // ---------------------------------------------------------------- parameters no rule mentions

  @Test
  void aCcParameterNoRuleMentionsDoesNotPassAClosedRule() {
    PolicyEngine engine = engine("""
        rules:
          - action: send_email
            decision: allow
            parameters: closed
            conditions:
              to: { each: { email_domain_in: [acme.com] } }
        """);
    assertThat(decide(engine, "send_email", Map.of("to", List.of("bob@acme.com"),
        "cc", List.of("eve@evil.com")))).isEqualTo(Outcome.DENY);
    assertThat(decide(engine, "send_email", Map.of("to", List.of("bob@acme.com"))))
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void anAbsentParameterCanBeRequiredWithoutADenyRuleOnEveryEmail() {
    PolicyEngine engine = engine("""
        rules:
          - action: send_email
            decision: allow
            conditions:
              to: { each: { email_domain_in: [acme.com] } }
              cc: { absent: true }
              bcc: { absent: true }
        """);
    assertThat(decide(engine, "send_email", Map.of("to", List.of("bob@acme.com"),
        "bcc", List.of("eve@evil.com")))).isEqualTo(Outcome.DENY);
    assertThat(decide(engine, "send_email", Map.of("to", List.of("bob@acme.com"))))
        .isEqualTo(Outcome.ALLOW);
  }

  // ---------------------------------------------------------------- lists and e-mail

  @Test
  void aListOfRecipientsCanBeAllowedElementByElement() {
    PolicyEngine engine = engine("""
        rules:
          - action: send_email
            decision: allow
            conditions:
              to: { each: { email_domain_in: [acme.com] }, count: { max: 2 } }
        """);
    assertThat(decide(engine, "send_email", Map.of("to", List.of("a@acme.com", "b@acme.com"))))
        .isEqualTo(Outcome.ALLOW);
    assertThat(decide(engine, "send_email", Map.of("to", List.of("a@acme.com", "e@evil.com"))))
        .isEqualTo(Outcome.DENY);
    assertThat(decide(engine, "send_email", Map.of("to",
        List.of("a@acme.com", "b@acme.com", "c@acme.com")))).isEqualTo(Outcome.DENY);
  }

  @Test
  void anAddressWithTwoAtSignsOrABareDomainIsNotAnAddressInTheDomain() {
    PolicyEngine engine = engine("""
        rules:
          - action: send_email
            decision: allow
            conditions:
              to: { email_domain_in: [acme.com] }
        """);
    for (String to : List.of("eve@evil.com@acme.com", "acme.com", "\"eve@evil.com\"@acme.com",
        "eve(comment)@acme.com", "@evil.com:eve@acme.com", "Eve <eve@evil.com>", "eve@[1.2.3.4]")) {
      assertThat(decide(engine, "send_email", Map.of("to", to))).as(to).isEqualTo(Outcome.DENY);
    }
    assertThat(decide(engine, "send_email", Map.of("to", "bob@ACME.com")))
        .isEqualTo(Outcome.ALLOW);
  }

  // ---------------------------------------------------------------- first match, silently

  @Test
  void aDenyRuleShadowedByAnEarlierBroaderAllowIsReported() {
    PolicyEngine engine = engine("""
        rules:
          - id: srv
            action: read_file
            decision: allow
            conditions:
              path: { path_within: /srv }
          - id: no-secrets
            action: read_file
            decision: deny
            conditions:
              path: { path_within: /srv/secrets }
        """);
    assertThat(engine.warnings()).anySatisfy(w -> assertThat(w.message())
        .contains("no-secrets").contains("srv"));
  }

  @Test
  void withDenyOverridesALaterDenyRuleWins() {
    PolicyEngine engine = engine("""
        combining: deny_overrides
        rules:
          - id: srv
            action: read_file
            decision: allow
            conditions:
              path: { path_within: /srv }
          - id: no-secrets
            action: read_file
            decision: deny
            conditions:
              path: { path_within: /srv/secrets }
        """);
    Decision d = engine.evaluate("read_file", Map.of("path", "/srv/secrets/key"));
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.matchedRule()).isEqualTo("no-secrets");
  }

  @Test
  void aNoRuleMatchedDenialNamesOnlyConditionsOfRulesThatCouldHaveAllowed() {
    PolicyEngine engine = engine("""
        rules:
          - id: never-etc
            action: read_file
            decision: deny
            conditions:
              path: { prefix: /etc/ }
          - id: srv
            action: read_file
            decision: allow
            conditions:
              path: { prefix: /srv/ }
        """);
    Decision d = engine.evaluate("read_file", Map.of("path", "/home/x"));
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.failedConditions()).extracting(f -> f.ruleId()).containsExactly("srv");
    assertThat(d.reason()).doesNotContain("never-etc");
  }

  // ---------------------------------------------------------------- per-parameter provenance

  @Test
  void anUntrustedRecipientIsRefusedWhileAnUntrustedAmountIsAccepted() {
    PolicyEngine engine = engine("""
        rules:
          - action: send_money
            decision: allow
            conditions:
              recipient: { provenance: trusted }
              amount: { max: 100 }
        """);
    Map<String, Object> params = Map.of("recipient", "alice", "amount", 20);
    RequestContext recipientFromDocument = RequestContext.userTrusted()
        .withParameterLabels(Map.of("recipient", io.ape.api.Provenance.EXTERNAL_UNTRUSTED));
    RequestContext amountFromDocument = RequestContext.userTrusted()
        .withParameterLabels(Map.of("amount", io.ape.api.Provenance.EXTERNAL_UNTRUSTED));
    RequestContext recipientFromModel = RequestContext.userTrusted()
        .withParameterLabels(Map.of("recipient", io.ape.api.Provenance.MODEL_GENERATED));
    assertThat(engine.evaluate("send_money", params, recipientFromDocument).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("send_money", params, recipientFromModel).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("send_money", params, amountFromDocument).outcome())
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aRuleLevelTrustRequirementReadsEveryParametersOwnLabel() {
    PolicyEngine engine = engine("""
        rules:
          - action: send_money
            decision: allow
            provenance: trusted
        """);
    RequestContext oneLabelledUntrusted = RequestContext.userTrusted()
        .withParameterLabels(Map.of("recipient", io.ape.api.Provenance.EXTERNAL_UNTRUSTED));
    assertThat(engine.evaluate("send_money", Map.of("recipient", "mallory", "amount", 5),
        oneLabelledUntrusted).outcome()).isEqualTo(Outcome.DENY);
  }

  // ---------------------------------------------------------------- context values

  @Test
  void aTenantsPathIsBoundFromTheRequestContext() {
    PolicyEngine engine = engine("""
        rules:
          - action: read_file
            decision: allow
            conditions:
              path: { path_within: "/srv/${tenant}" }
        """);
    RequestContext acme = RequestContext.untrusted().withTenant("acme");
    assertThat(engine.evaluate("read_file", Map.of("path", "/srv/acme/a"), acme).outcome())
        .isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate("read_file", Map.of("path", "/srv/globex/a"), acme).outcome())
        .isEqualTo(Outcome.DENY);
    RequestContext traversal = RequestContext.untrusted().withTenant("..");
    assertThat(engine.evaluate("read_file", Map.of("path", "/srv/x"), traversal).outcome())
        .isEqualTo(Outcome.DENY);
  }
}
