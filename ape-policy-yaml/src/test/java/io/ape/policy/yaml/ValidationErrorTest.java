package io.ape.policy.yaml;

import static io.ape.policy.yaml.Policies.jsonFailure;
import static io.ape.policy.yaml.Policies.problems;
import static io.ape.policy.yaml.Policies.yamlFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.PolicyException;
import io.ape.api.PolicyParseException;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Structural problems are reported with their path, line and column, all at once. */
class ValidationErrorTest {

  private static PolicyProblem onlyProblem(String yaml) {
    List<PolicyProblem> problems = problems(yamlFailure(yaml));
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  @Nested
  class WrongTypes {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "name: [a, b]                         | name                | must be a string, but is a list",
        "name: yes                            | name                | must be a string, but is a boolean (put the value in quotes",
        "description: {a: 1}                  | description         | must be a string, but is a mapping",
        "version: [1]                         | version             | must be a string or a number, but is a list",
        "version: true                        | version             | must be a string or a number, but is a boolean",
        "default_deny: \"yes\"                | default_deny        | must be true or false, but is a string (write true or false without quotes)",
        "default_deny: 1                      | default_deny        | must be true or false, but is an integer",
        "default_deny:                        | default_deny        | must be true or false, but is empty (null)",
        "default_deny: !!null ''              | default_deny        | must be true or false, but is empty (null)",
        "default_deny: ''                     | default_deny        | must be true or false, but is a string",
        "default_decision: Allow              | default_decision    | must be one of allow, deny, escalate, but is 'Allow'",
        "default_decision: true               | default_decision    | must be one of allow, deny, escalate, but is a boolean",
        "default_decision: permit             | default_decision    | must be one of allow, deny, escalate, but is 'permit'",
        "allowed_actions: read_file           | allowed_actions     | must be a list, but is a string",
        "allowed_actions:                     | allowed_actions     | must be a list, but is empty; write [] for an empty list",
        "forbidden_actions: {a: b}            | forbidden_actions   | must be a list, but is a mapping",
        "escalation_required: [1]             | escalation_required[0] | must be a string, but is an integer",
        "allowed_actions: [[read_file]]       | allowed_actions[0]  | must be a string, but is a list",
        "tool_transitions: [read_file]        | tool_transitions    | must be a mapping (key: value), but is a list",
        "tool_transitions: {read_file: write_file} | tool_transitions.read_file | must be a list, but is a string",
        "tool_transitions: {read_file: [1]}   | tool_transitions.read_file[0] | must be a string, but is an integer",
        "metadata: [a]                        | metadata            | must be a mapping (key: value), but is a list",
        "metadata: text                       | metadata            | must be a mapping (key: value), but is a string",
        "rules: {action: a}                   | rules               | must be a list, but is a mapping",
        "rules: [read_file]                   | rules[0]            | a rule must be a mapping with at least 'action' and 'decision', but is a string",
        "rules: [[a]]                         | rules[0]            | a rule must be a mapping with at least 'action' and 'decision', but is a list",
        "rules: [{action: a, decision: 1}]    | rules[0].decision   | must be one of allow, deny, escalate, but is an integer",
        "rules: [{action: a, decision: DENY}] | rules[0].decision   | must be one of allow, deny, escalate, but is 'DENY'",
        "rules: [{action: 7, decision: deny}] | rules[0].action     | must be a string, but is an integer",
        "rules: [{action: a, decision: deny, id: 5}] | rules[0].id  | must be a string, but is an integer",
        "rules: [{action: a, decision: deny, description: [x]}] | rules[0].description | must be a string, but is a list",
        "rules: [{action: a, decision: deny, provenance: trust}] | rules[0].provenance | must be one of trusted, untainted, any, but is 'trust'",
        "rules: [{action: a, decision: deny, provenance: true}] | rules[0].provenance | must be one of trusted, untainted, any, but is a boolean",
        "rules: [{action: a, decision: deny, conditions: [x]}] | rules[0].conditions | must be a mapping (key: value), but is a list",
        "rules: [{action: a, decision: deny, conditions: {path: /tmp}}] | rules[0].conditions.path | must be a mapping of operator: argument",
        "rules: [{action: a, decision: deny, conditions: {path: {}}}] | rules[0].conditions.path | has no operators",
        "rules: [{action: a, decision: deny, conditions: {path: {prefix: }}}] | rules[0].conditions.path.prefix | must not be empty (null)",
        "rules: [{action: a, decision: deny, conditions: {path: {prefix: [[x]]}}}] | rules[0].conditions.path.prefix[0] | an operator argument may be a value, a list of values or a mapping of values and lists of values, but this entry is a list",
        "rules: [{action: a, decision: deny, conditions: {path: {path_within: {base: [[x]]}}}}] | rules[0].conditions.path.path_within.base[0] | but this entry is a list",
        "rules: [{action: a, decision: deny, conditions: {path: {path_within: {base: [/a, ~]}}}}] | rules[0].conditions.path.path_within.base[1] | must not be empty (null)",
        "rules: [{action: a, decision: deny, conditions: {path: {prefix: [x, ~]}}}] | rules[0].conditions.path.prefix[1] | must not be empty (null)",
        "rules: [{action: a, decision: deny, conditions: {path: {equals: {a: {b: c}}}}}] | rules[0].conditions.path.equals.a | but this entry is a mapping",
        "rate_limits: 5                       | rate_limits         | must be a mapping (key: value), but is an integer",
        "rate_limits: {global_per_minute: ten} | rate_limits.global_per_minute | must be a whole number (0 or more), but is a string",
        "rate_limits: {global_per_minute: 1.5} | rate_limits.global_per_minute | must be a whole number (0 or more), but is '1.5'",
        "rate_limits: {per_session_per_minute: -1} | rate_limits.per_session_per_minute | must not be negative",
        "rate_limits: {global_per_minute: true} | rate_limits.global_per_minute | must be a whole number (0 or more), but is a boolean",
        "rate_limits: {max_cumulative_risk: high} | rate_limits.max_cumulative_risk | must be a number (0 or more), but is a string",
        "rate_limits: {max_cumulative_risk: -0.5} | rate_limits.max_cumulative_risk | must not be negative",
        "rate_limits: {actions: [write_file]} | rate_limits.actions | must be a mapping (key: value), but is a list",
        "rate_limits: {actions: {write_file: 5}} | rate_limits.actions.write_file | must be a mapping (key: value), but is an integer",
        "rate_limits: {actions: {write_file: {}}} | rate_limits.actions.write_file | needs at least one of per_minute, per_hour, per_day",
        "rate_limits: {targets: {'*.x.com': {per_minute: '5'}}} | rate_limits.targets.*.x.com.per_minute | must be a whole number (0 or more), but is a string",
        "audit: [redact]                      | audit               | must be a mapping (key: value), but is a list",
        "audit: {redact: password}            | audit.redact        | must be a list, but is a string",
        "audit: {redact: [1]}                 | audit.redact[0]     | must be a string, but is an integer",
        "audit: {redact: ['']}                | audit.redact[0]     | a redacted key must not be empty",
    })
    void wrongTypeIsReportedWithPathAndExpectation(String yaml, String path, String message) {
      PolicyProblem problem = onlyProblem(yaml);

      assertThat(problem.path()).isEqualTo(path);
      assertThat(problem.message()).contains(message);
      assertThat(problem.location().source()).isEqualTo("test.yaml");
      assertThat(problem.location().line()).isEqualTo(1);
      assertThat(problem.location().column()).isPositive();
    }

    @Test
    void theLowerCaseHintIsGivenOnlyForAKeywordInTheWrongCase() {
      assertThat(onlyProblem("default_decision: Allow").message()).isEqualTo(
          "must be one of allow, deny, escalate, but is 'Allow' (keywords are lower case)");
      assertThat(onlyProblem("default_decision: permit").message()).isEqualTo(
          "must be one of allow, deny, escalate, but is 'permit'");
    }

    @Test
    void theLocationIsTheOffendingValue() {
      PolicyProblem problem = onlyProblem("name: ok\nrules:\n  - action: a\n    decision: 1\n");

      assertThat(problem.location().line()).isEqualTo(4);
      assertThat(problem.location().column()).isEqualTo(15);
      assertThat(problem.toString()).isEqualTo("test.yaml:4:15 (rules[0].decision): must be one"
          + " of allow, deny, escalate, but is an integer");
    }

    @Test
    void jsonWrongTypesAreReportedToo() {
      List<PolicyProblem> problems = problems(jsonFailure(
          "{\"default_deny\": \"yes\",\n \"rules\": [\"read_file\", {\"action\": \"a\", \"decision\": 1}]}"));

      assertThat(problems).extracting(PolicyProblem::path)
          .containsExactly("default_deny", "rules[0]", "rules[1].decision");
      assertThat(problems.get(1).location().line()).isEqualTo(2);
    }
  }

  @Nested
  class RequiredKeys {
    @Test
    void ruleWithoutActionAndDecision() {
      List<PolicyProblem> problems = problems(yamlFailure("rules:\n  - description: x\n"));

      assertThat(problems).extracting(PolicyProblem::message).containsExactly(
          "missing required key 'action'", "missing required key 'decision'");
      assertThat(problems).allSatisfy(p -> assertThat(p.path()).isEqualTo("rules[0]"));
    }
  }

  @Nested
  class UnknownKeys {
    @Test
    void unknownTopLevelKeyNamesTheKeyAndTheAllowedOnes() {
      PolicyProblem problem = onlyProblem("name: x\nallow_actions: [read_file]\n");

      assertThat(problem.message()).isEqualTo("unknown key 'allow_actions' (did you mean"
          + " 'allowed_actions'?); allowed keys at the top level: name, version, description,"
          + " default_deny, default_decision, allowed_actions, forbidden_actions,"
          + " escalation_required, tool_transitions, rules, metadata, rate_limits, audit,"
          + " combining, default_parameters");
      assertThat(problem.location().line()).isEqualTo(2);
      assertThat(problem.location().column()).isEqualTo(1);
    }

    @Test
    void pythonSchemaTyposAreCaught() {
      assertThat(onlyProblem("default-deny: true").message()).contains("did you mean 'default_deny'");
      assertThat(onlyProblem("quotas: {x: 1}").message()).contains("unknown key 'quotas'");
    }

    @Test
    void unknownRuleKey() {
      PolicyProblem problem = onlyProblem("rules:\n  - {action: a, decision: deny, when: x}\n");

      assertThat(problem.path()).isEqualTo("rules[0].when");
      assertThat(problem.message()).contains("unknown key 'when'")
          .contains("allowed keys here: action, decision, id, description, provenance,"
              + " on_untrusted, parameters, conditions");
    }

    @Test
    void unknownRateLimitKeys() {
      List<PolicyProblem> problems = problems(yamlFailure(
          "rate_limits:\n  per_hour: 5\n  actions:\n    a: {per_second: 1, per_minute: 2}\n"));

      assertThat(problems).extracting(PolicyProblem::path)
          .containsExactly("rate_limits.per_hour", "rate_limits.actions.a.per_second");
    }

    @Test
    void unknownAuditKey() {
      assertThat(onlyProblem("audit: {redact: [a], mask: [b]}").path()).isEqualTo("audit.mask");
    }

    @Test
    void unknownKeyInJson() {
      List<PolicyProblem> problems = problems(jsonFailure("{\"nmae\": \"x\"}"));

      assertThat(problems.get(0).message()).contains("did you mean 'name'");
    }

    @Test
    void anUnknownKeyWithControlCharactersIsPrintedSafely() {
      PolicyProblem problem = onlyProblem("\"evil\\u001b[31m\": 1");

      assertThat(problem.message()).contains("'evil\\u001b[31m'").doesNotContain("\u001b");
    }
  }

  @Nested
  class DuplicateKeys {
    @ParameterizedTest
    @ValueSource(strings = {
        "default_deny: true\ndefault_deny: false\n",
        "name: a\nrules: []\nname: b\n",
        "rules:\n  - action: a\n    decision: allow\n    decision: deny\n",
        "rules:\n  - action: a\n    decision: allow\n    conditions:\n      path: {prefix: /a, prefix: /b}\n",
        "metadata:\n  owner: a\n  owner: b\n",
        "tool_transitions:\n  read_file: [a]\n  read_file: [b]\n",
        "rate_limits:\n  actions:\n    a: {per_minute: 1}\n    a: {per_minute: 1000}\n",
        "{name: a, name: a}",
        "1: a\n\"1\": b\n",
    })
    void duplicateYamlKeyIsRejected(String text) {
      PolicyException e = yamlFailure(text);

      assertThat(e).isInstanceOf(PolicyParseException.class);
      assertThat(e.getMessage()).contains("duplicate key");
    }

    @Test
    void duplicateYamlKeyNamesTheKeyAndItsSecondOccurrence() {
      PolicyParseException e = (PolicyParseException) yamlFailure(
          "name: x\ndefault_deny: true\ndefault_deny: false\n");

      assertThat(e.getMessage()).contains("duplicate key 'default_deny'");
      assertThat(e.location().line()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"default_deny\": true, \"default_deny\": false}",
        "{\"rules\": [{\"action\": \"a\", \"decision\": \"allow\", \"decision\": \"deny\"}]}",
        "{\"metadata\": {\"a\": {\"b\": 1, \"b\": 2}}}",
    })
    void duplicateJsonKeyIsRejected(String text) {
      PolicyException e = jsonFailure(text);

      assertThat(e).isInstanceOf(PolicyParseException.class);
      assertThat(e.getMessage()).contains("duplicate key");
    }
  }

  @Nested
  class ActionIds {
    @Test
    void trailingNewlineIsRejected() {
      PolicyProblem problem = onlyProblem("forbidden_actions: [\"delete_file\\n\"]");

      assertThat(problem.message()).contains("'delete_file\\u000a' is not a valid action id")
          .contains("line break at the end");
    }

    @Test
    void trailingNewlineFromABlockScalarIsRejected() {
      PolicyProblem problem = onlyProblem("forbidden_actions:\n  - |\n    delete_file\n");

      assertThat(problem.message()).contains("line break");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\" read_file\"", "\"read file\"", "\"read_file \"", "\"read\\tfile\""})
    void whitespaceIsRejected(String id) {
      assertThat(onlyProblem("allowed_actions: [" + id + "]").message()).contains("whitespace");
    }

    @Test
    void cyrillicLookAlikeIsRejected() {
      // "d\u0435lete_file" has a Cyrillic small ie (U+0435) in place of the Latin e.
      PolicyProblem problem = onlyProblem("forbidden_actions: [d\u0435lete_file]");

      assertThat(problem.message()).contains("U+0435").contains("look-alike");
    }

    @Test
    void fullWidthAndZeroWidthCharactersAreRejected() {
      assertThat(onlyProblem("allowed_actions: [\"read\u200bfile\"]").message())
          .contains("U+200B");
      assertThat(onlyProblem("allowed_actions: [ｒead_file]").message()).contains("U+FF52");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'\"\"'             | it is empty",
        "1read              | it must start with a letter or '_'",
        "read/file          | outside [A-Za-z0-9_.:-]",
        "-read              | it must start with a letter or '_'",
    })
    void malformedIdsAreExplained(String id, String reason) {
      assertThat(onlyProblem("allowed_actions: [" + id + "]").message()).contains(reason);
    }

    @Test
    void tooLongIdIsRejected() {
      assertThat(onlyProblem("allowed_actions: [" + "a".repeat(129) + "]").message())
          .contains("longer than 128 characters");
    }

    @Test
    void malformedIdsAreRejectedEverywhereIdsAppear() {
      List<PolicyProblem> problems = problems(yamlFailure("""
          allowed_actions: ["a "]
          forbidden_actions: ["b\\n"]
          escalation_required: ["c\u0435"]
          tool_transitions:
            "d ": [ok]
            ok: ["e "]
          rules:
            - {action: "f ", decision: deny}
            - {action: ok, decision: deny, id: "g h"}
          rate_limits:
            actions:
              "i ": {per_minute: 1}
          """));

      assertThat(problems).extracting(PolicyProblem::path).containsExactly(
          "allowed_actions[0]", "forbidden_actions[0]", "escalation_required[0]",
          "tool_transitions.d ", "tool_transitions.ok[0]", "rules[0].action", "rules[1].id",
          "rate_limits.actions.i ");
    }
  }

  @Nested
  class Lists {
    @Test
    void anIdInTwoListsIsRejected() {
      PolicyProblem problem = onlyProblem(
          "allowed_actions: [read_file, delete_file]\nforbidden_actions: [delete_file]\n");

      assertThat(problem.message()).isEqualTo("'delete_file' is in both allowed_actions (line 1)"
          + " and forbidden_actions; an action may be in only one of allowed_actions,"
          + " forbidden_actions, escalation_required");
      assertThat(problem.location().line()).isEqualTo(2);
      assertThat(problem.path()).isEqualTo("forbidden_actions[0]");
    }

    @Test
    void anIdInAllThreeListsIsReportedTwice() {
      List<PolicyProblem> problems = problems(yamlFailure(
          "allowed_actions: [x]\nforbidden_actions: [x]\nescalation_required: [x]\n"));

      assertThat(problems).hasSize(2);
    }

    @Test
    void aDuplicateWithinAListIsRejected() {
      PolicyProblem problem = onlyProblem("allowed_actions:\n  - read_file\n  - read_file\n");

      assertThat(problem.message()).isEqualTo("'read_file' is listed twice in allowed_actions"
          + " (first at line 2)");
      assertThat(problem.location().line()).isEqualTo(3);
    }

    @Test
    void duplicatesInTransitionsRedactionAndRuleIdsAreRejected() {
      List<PolicyProblem> problems = problems(yamlFailure("""
          tool_transitions: {a: [b, b]}
          audit: {redact: [Password, password]}
          rules:
            - {id: r, action: a, decision: deny}
            - {id: r, action: b, decision: deny}
          """));

      assertThat(problems).extracting(PolicyProblem::message).containsExactly(
          "'b' is listed twice (first at line 1)",
          "'password' is listed twice (first at line 2; keys are compared ignoring case)",
          "the rule id 'r' is already used by the rule at line 4; rule ids must be unique");
    }
  }

  @Nested
  class Defaults {
    @ParameterizedTest
    @CsvSource({"true, allow", "true, escalate", "false, deny", "false, escalate"})
    void contradictingDefaultsAreRejected(boolean deny, String decision) {
      PolicyProblem problem = onlyProblem("default_deny: " + deny + "\ndefault_decision: "
          + decision + "\n");

      assertThat(problem.message()).isEqualTo("default_decision: " + decision
          + " contradicts default_deny: " + deny + " (line 1); keep only one of the two");
      assertThat(problem.location().line()).isEqualTo(2);
    }
  }

  @Nested
  class RateLimitNumbers {
    @Test
    void hugeIntegersAreRejected() {
      PolicyProblem problem = onlyProblem("rate_limits: {global_per_minute: 99999999999999999999}");

      assertThat(problem.message()).isEqualTo("must be at most 2147483647, but is"
          + " '99999999999999999999'");
    }

    @Test
    void justAboveIntRangeIsRejected() {
      assertThat(onlyProblem("rate_limits: {per_session_per_minute: 2147483648}").message())
          .startsWith("must be at most 2147483647");
    }

    @Test
    void hugeRiskThatOverflowsADoubleIsRejected() {
      PolicyProblem problem = onlyProblem("rate_limits: {max_cumulative_risk: " + "9".repeat(400)
          + "}");

      assertThat(problem.message()).startsWith("must be a finite number");
    }

    @Test
    void infinityInJsonIsRejected() {
      assertThat(jsonFailure("{\"rate_limits\": {\"max_cumulative_risk\": 1e999}}").getMessage())
          .contains("out of range");
      assertThat(jsonFailure("{\"rate_limits\": {\"max_cumulative_risk\": Infinity}}")
          .getMessage()).contains("malformed JSON");
    }

    @Test
    void nanAsTextIsRejected() {
      assertThat(onlyProblem("rate_limits: {max_cumulative_risk: \"NaN\"}").message())
          .startsWith("must be a number");
    }

    @Test
    void zeroIsAllowedAndForbidsTheScope() {
      assertThat(Policies.yaml("rate_limits: {actions: {a: {per_day: 0}}, max_cumulative_risk: 0}")
          .rateLimits().limits().get(0).max()).isZero();
    }
  }

  @Nested
  class Collecting {
    @Test
    void everyProblemIsReportedAtOnceInDocumentOrder() {
      PolicyException e = yamlFailure("""
          name: 1
          default_deny: "no"
          allowed_actions: [read_file, "x y"]
          rules:
            - action: a
              decision: maybe
            - just text
          rate_limits:
            global_per_minute: -3
          extra: 1
          """);

      assertThat(e).isInstanceOf(PolicyValidationException.class);
      List<PolicyProblem> problems = problems(e);
      assertThat(problems).extracting(p -> p.location().line())
          .containsExactly(1, 2, 3, 6, 7, 9, 10);
      assertThat(e.getMessage()).startsWith("7 problems:\n  test.yaml:1:7 (name): must be a string");
    }
  }
}
