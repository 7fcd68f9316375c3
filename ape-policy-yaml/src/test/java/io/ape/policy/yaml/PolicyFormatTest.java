package io.ape.policy.yaml;

import static io.ape.policy.yaml.Policies.json;
import static io.ape.policy.yaml.Policies.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ConditionSpec;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyRule;
import io.ape.api.ProvenanceRequirement;
import io.ape.api.RateLimit;
import io.ape.api.RateLimitScope;
import io.ape.api.SourceLocation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Happy paths: every section, in both formats, maps onto the policy model. */
class PolicyFormatTest {
  static final String FULL_YAML = """
      name: full
      version: "2.1.0"
      description: Every section
      default_deny: true
      default_decision: deny
      allowed_actions:
        - read_file
        - list_directory
      forbidden_actions: [delete_file]
      escalation_required:
        - send_email
      tool_transitions:
        read_file: [write_file, copy_file]
        list_directory: []
      rules:
        - id: tmp-writes
          action: write_file
          decision: allow
          description: writes under /tmp only
          provenance: trusted
          conditions:
            path:
              path_within: /tmp
              max_bytes: 4096
            mode:
              one_of: [append, create]
        - action: http_get
          decision: escalate
          provenance: any
          conditions:
            url:
              domain_in: ["api.github.com", "*.internal.corp"]
            headers:
              equals: { accept: json, retries: 3, strict: true }
        - action: delete_file
          decision: deny
      rate_limits:
        global_per_minute: 120
        per_session_per_minute: 30
        max_cumulative_risk: 3.5
        actions:
          write_file: { per_minute: 5, per_hour: 50, per_day: 200 }
        targets:
          "*.github.com": { per_minute: 10 }
      audit:
        redact: [password, api_key]
      metadata:
        owner: platform
        tags: [a, b]
        nested: { level: 2, ratio: 0.5, on: true, none: null }
      """;

  static final String FULL_JSON = """
      {
        "name": "full",
        "version": "2.1.0",
        "description": "Every section",
        "default_deny": true,
        "default_decision": "deny",
        "allowed_actions": ["read_file", "list_directory"],
        "forbidden_actions": ["delete_file"],
        "escalation_required": ["send_email"],
        "tool_transitions": {"read_file": ["write_file", "copy_file"], "list_directory": []},
        "rules": [
          {"id": "tmp-writes", "action": "write_file", "decision": "allow",
           "description": "writes under /tmp only", "provenance": "trusted",
           "conditions": {"path": {"path_within": "/tmp", "max_bytes": 4096},
                          "mode": {"one_of": ["append", "create"]}}},
          {"action": "http_get", "decision": "escalate", "provenance": "any",
           "conditions": {"url": {"domain_in": ["api.github.com", "*.internal.corp"]},
                          "headers": {"equals": {"accept": "json", "retries": 3, "strict": true}}}},
          {"action": "delete_file", "decision": "deny"}
        ],
        "rate_limits": {
          "global_per_minute": 120, "per_session_per_minute": 30, "max_cumulative_risk": 3.5,
          "actions": {"write_file": {"per_minute": 5, "per_hour": 50, "per_day": 200}},
          "targets": {"*.github.com": {"per_minute": 10}}
        },
        "audit": {"redact": ["password", "api_key"]},
        "metadata": {"owner": "platform", "tags": ["a", "b"],
                     "nested": {"level": 2, "ratio": 0.5, "on": true, "none": null}}
      }
      """;

  @Nested
  class EverySection {
    @Test
    void yamlMapsEverySection() {
      assertFullPolicy(yaml(FULL_YAML), "yaml", "test.yaml");
    }

    @Test
    void jsonMapsEverySection() {
      assertFullPolicy(json(FULL_JSON), "json", "test.json");
    }

    @Test
    void bothFormatsProduceTheSameModelApartFromSourceAndLocations() {
      Policy fromYaml = yaml(FULL_YAML);
      Policy fromJson = json(FULL_JSON);

      assertThat(fromJson.allowedActions()).isEqualTo(fromYaml.allowedActions());
      assertThat(fromJson.rateLimits()).isEqualTo(fromYaml.rateLimits());
      assertThat(fromJson.metadata()).isEqualTo(fromYaml.metadata());
      assertThat(fromJson.rules()).extracting(PolicyRule::id, PolicyRule::actionId,
          PolicyRule::decision).isEqualTo(fromYaml.rules().stream()
              .map(r -> org.assertj.core.groups.Tuple.tuple(r.id(), r.actionId(), r.decision()))
              .toList());
    }
  }

  private static void assertFullPolicy(Policy policy, String format, String source) {
    assertThat(policy.name()).isEqualTo("full");
    assertThat(policy.declaredVersion()).isEqualTo("2.1.0");
    assertThat(policy.description()).isEqualTo("Every section");
    assertThat(policy.defaultDecision()).isEqualTo(Outcome.DENY);
    assertThat(policy.allowedActions()).containsExactly("read_file", "list_directory");
    assertThat(policy.forbiddenActions()).containsExactly("delete_file");
    assertThat(policy.escalationRequired()).containsExactly("send_email");
    assertThat(policy.toolTransitions()).containsExactly(
        Map.entry("read_file", List.of("write_file", "copy_file")),
        Map.entry("list_directory", List.of()));

    assertThat(policy.rules()).hasSize(3);
    PolicyRule first = policy.rules().get(0);
    assertThat(first.id()).isEqualTo("tmp-writes");
    assertThat(first.actionId()).isEqualTo("write_file");
    assertThat(first.decision()).isEqualTo(Outcome.ALLOW);
    assertThat(first.description()).isEqualTo("writes under /tmp only");
    assertThat(first.provenance()).isEqualTo(ProvenanceRequirement.TRUSTED);
    assertThat(first.conditions()).extracting(ConditionSpec::parameter, ConditionSpec::operator,
        ConditionSpec::argument).containsExactly(
            org.assertj.core.groups.Tuple.tuple("path", "path_within", "/tmp"),
            org.assertj.core.groups.Tuple.tuple("path", "max_bytes", 4096),
            org.assertj.core.groups.Tuple.tuple("mode", "one_of", List.of("append", "create")));
    assertThat(first.conditions()).allSatisfy(c -> {
      assertThat(c.location().source()).isEqualTo(source);
      assertThat(c.location().line()).isPositive();
    });
    assertThat(first.location().source()).isEqualTo(source);

    PolicyRule second = policy.rules().get(1);
    assertThat(second.id()).isEqualTo("rules[1]");
    assertThat(second.decision()).isEqualTo(Outcome.ESCALATE);
    assertThat(second.provenance()).isEqualTo(ProvenanceRequirement.ANY);
    assertThat(second.conditions().get(0).argument())
        .isEqualTo(List.of("api.github.com", "*.internal.corp"));
    assertThat(second.conditions().get(1).argument())
        .isEqualTo(Map.of("accept", "json", "retries", 3, "strict", true));

    PolicyRule third = policy.rules().get(2);
    assertThat(third.id()).isEqualTo("rules[2]");
    assertThat(third.decision()).isEqualTo(Outcome.DENY);
    assertThat(third.conditions()).isEmpty();
    assertThat(third.provenance()).isEqualTo(ProvenanceRequirement.DEFAULT);
    assertThat(third.description()).isEmpty();

    assertThat(policy.rateLimits().maxCumulativeRisk()).isEqualTo(3.5);
    assertThat(policy.rateLimits().limits()).containsExactly(
        new RateLimit(RateLimitScope.GLOBAL, "", Duration.ofMinutes(1), 120),
        new RateLimit(RateLimitScope.SESSION, "", Duration.ofMinutes(1), 30),
        new RateLimit(RateLimitScope.ACTION, "write_file", Duration.ofMinutes(1), 5),
        new RateLimit(RateLimitScope.ACTION, "write_file", Duration.ofHours(1), 50),
        new RateLimit(RateLimitScope.ACTION, "write_file", Duration.ofDays(1), 200),
        new RateLimit(RateLimitScope.TARGET, "*.github.com", Duration.ofMinutes(1), 10));
    assertThat(policy.audit().redact()).containsExactly("password", "api_key");

    assertThat(policy.metadata()).containsEntry("owner", "platform")
        .containsEntry("tags", List.of("a", "b"));
    @SuppressWarnings("unchecked")
    Map<String, Object> nested = (Map<String, Object>) policy.metadata().get("nested");
    assertThat(nested).containsEntry("level", 2).containsEntry("ratio", 0.5)
        .containsEntry("on", true).containsEntry("none", null);

    assertThat(policy.source().name()).isEqualTo(source);
    assertThat(policy.source().format()).isEqualTo(format);
    assertThat(policy.version()).matches("[0-9a-f]{64}");
  }

  @Nested
  class SeedReadmeFormat {
    @Test
    void defaultDecisionWithRulesOnly() {
      Policy policy = yaml("""
          name: read_only
          version: "1.0"
          description: "Read-only file access"
          default_decision: deny
          rules:
            - action: read_file
              decision: allow
            - action: list_directory
              decision: allow
            - action: write_file
              decision: deny
          """);

      assertThat(policy.defaultDecision()).isEqualTo(Outcome.DENY);
      assertThat(policy.rules()).extracting(PolicyRule::actionId)
          .containsExactly("read_file", "list_directory", "write_file");
      assertThat(policy.allowedActions()).isEmpty();
    }

    @Test
    void scopedAccessExampleKeepsEveryCondition() {
      Policy policy = yaml("""
          rules:
            - action: write_file
              decision: allow
              conditions:
                path:
                  prefix: ["/tmp/", "/home/user/workspace/"]
                size_bytes:
                  max: 10485760
            - action: http_get
              decision: allow
              conditions:
                domain:
                  allowlist: ["api.github.com", "*.internal.corp"]
          """);

      assertThat(policy.rules().get(0).conditions()).extracting(ConditionSpec::operator)
          .containsExactly("prefix", "max");
      assertThat(policy.rules().get(0).conditions().get(1).argument()).isEqualTo(10485760);
    }

    @Test
    void escalateIsAValidDefault() {
      assertThat(yaml("default_decision: escalate").defaultDecision()).isEqualTo(Outcome.ESCALATE);
    }

    @Test
    void allowIsAValidDefault() {
      assertThat(yaml("default_decision: allow").defaultDecision()).isEqualTo(Outcome.ALLOW);
    }
  }

  @Nested
  class Defaults {
    @Test
    void withoutAnyDefaultTheDecisionIsDeny() {
      Policy policy = yaml("allowed_actions: [read_file]");

      assertThat(policy.defaultDecision()).isEqualTo(Outcome.DENY);
      assertThat(policy.name()).isEmpty();
      assertThat(policy.declaredVersion()).isEmpty();
      assertThat(policy.rules()).isEmpty();
      assertThat(policy.rateLimits().isEmpty()).isTrue();
      assertThat(policy.audit().redact()).isEmpty();
    }

    @Test
    void anEmptyMappingIsAPolicyThatDeniesEverything() {
      assertThat(yaml("{}").defaultDecision()).isEqualTo(Outcome.DENY);
      assertThat(json("{}").defaultDecision()).isEqualTo(Outcome.DENY);
    }

    @Test
    void defaultDenyFalseMeansAllow() {
      assertThat(yaml("default_deny: false").defaultDecision()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void agreeingDefaultsAreAccepted() {
      assertThat(yaml("default_deny: false\ndefault_decision: allow").defaultDecision())
          .isEqualTo(Outcome.ALLOW);
    }

    @Test
    void yaml11BooleanWordsAreBooleansAsInThePythonOriginal() {
      assertThat(yaml("default_deny: yes").defaultDecision()).isEqualTo(Outcome.DENY);
      assertThat(yaml("default_deny: off").defaultDecision()).isEqualTo(Outcome.ALLOW);
    }
  }

  @Nested
  class Versions {
    @Test
    void aNumericVersionKeepsItsText() {
      assertThat(yaml("version: 1.10").declaredVersion()).isEqualTo("1.10");
      assertThat(yaml("version: 2").declaredVersion()).isEqualTo("2");
      assertThat(json("{\"version\": 1.0}").declaredVersion()).isEqualTo("1.0");
    }

    @Test
    void aStringVersionIsKept() {
      assertThat(yaml("version: \"1.0.0\"").declaredVersion()).isEqualTo("1.0.0");
      assertThat(yaml("version: 1.0.0").declaredVersion()).isEqualTo("1.0.0");
    }
  }

  @Nested
  class Digest {
    @Test
    void theVersionIsTheSha256OfTheRawBytes() {
      // sha256("{}") as computed by `printf '{}' | sha256sum`
      assertThat(yaml("{}").version())
          .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    }

    @Test
    void aByteOrderMarkIsAcceptedButPartOfTheDigest() {
      Policy withBom = yaml("\uFEFFname: x");
      Policy without = yaml("name: x");

      assertThat(withBom.name()).isEqualTo("x");
      assertThat(withBom.version()).isNotEqualTo(without.version());
    }
  }

  @Nested
  class Locations {
    @Test
    void rulesAndConditionsCarryTheirLineAndColumn() {
      Policy policy = yaml("""
          rules:
            - action: write_file
              decision: allow
              conditions:
                path:
                  prefix: /tmp/
          """);

      PolicyRule rule = policy.rules().get(0);
      assertThat(rule.location()).isEqualTo(new SourceLocation("test.yaml", 2, 5));
      assertThat(rule.conditions().get(0).location())
          .isEqualTo(new SourceLocation("test.yaml", 6, 9));
    }

    @Test
    void jsonLocationsPointAtTheOperatorKey() {
      Policy policy = json("{\"rules\": [\n {\"action\": \"a\", \"decision\": \"deny\",\n"
          + "  \"conditions\": {\"p\": {\"equals\": 1}}}]}");

      assertThat(policy.rules().get(0).conditions().get(0).location().line()).isEqualTo(3);
    }
  }

  @Nested
  class Aliases {
    @Test
    void aListAliasIsExpanded() {
      Policy policy = yaml("""
          allowed_actions: &reads [read_file, list_directory]
          tool_transitions:
            write_file: *reads
          """);

      assertThat(policy.toolTransitions().get("write_file"))
          .containsExactly("read_file", "list_directory");
    }

    @Test
    void aScalarAliasIsExpandedToItsValueNotToTheAnchorName() {
      Policy policy = yaml("""
          escalation_required: [&del delete_file]
          tool_transitions:
            read_file: [*del]
          """);

      assertThat(policy.toolTransitions().get("read_file")).containsExactly("delete_file");
    }

    @Test
    void aConditionMappingCanBeShared() {
      Policy policy = yaml("""
          rules:
            - action: write_file
              decision: allow
              conditions:
                path: &tmp { path_within: /tmp }
            - action: read_file
              decision: allow
              conditions:
                path: *tmp
          """);

      assertThat(policy.rules()).allSatisfy(rule ->
          assertThat(rule.conditions()).extracting(ConditionSpec::operator, ConditionSpec::argument)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("path_within", "/tmp")));
    }

    @Test
    void aMappingArgumentMayHoldListsOfValues() {
      Policy policy = yaml("""
          rules:
            - action: read_file
              decision: allow
              conditions:
                path:
                  path_within: { base: [/srv/data, /tmp], resolve_symlinks: true }
          """);

      assertThat(policy.rules().get(0).conditions().get(0).argument()).isEqualTo(
          Map.of("base", List.of("/srv/data", "/tmp"), "resolve_symlinks", true));
    }
  }
}
