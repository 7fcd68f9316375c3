package io.ape.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ape.api.Policy;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyParseException;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test helpers: parse text with the YAML or JSON parser and inspect failures. */
final class Policies {
  static final String YAML_SOURCE = "test.yaml";
  static final String JSON_SOURCE = "test.json";

  private Policies() {}

  static Policy yaml(String text) {
    return PolicyParsers.yaml().parse(text.getBytes(StandardCharsets.UTF_8), YAML_SOURCE,
        PolicyLimits.defaults());
  }

  static Policy json(String text) {
    return PolicyParsers.json().parse(text.getBytes(StandardCharsets.UTF_8), JSON_SOURCE,
        PolicyLimits.defaults());
  }

  static PolicyException yamlFailure(String text) {
    return failure(text.getBytes(StandardCharsets.UTF_8), PolicyLimits.defaults(), true);
  }

  static PolicyException jsonFailure(String text) {
    return failure(text.getBytes(StandardCharsets.UTF_8), PolicyLimits.defaults(), false);
  }

  static PolicyException failure(byte[] content, PolicyLimits limits, boolean yaml) {
    Throwable thrown = catchThrowable(() -> (yaml ? PolicyParsers.yaml() : PolicyParsers.json())
        .parse(content, yaml ? YAML_SOURCE : JSON_SOURCE, limits));
    assertThat(thrown).isInstanceOf(PolicyException.class);
    assertHasLocation((PolicyException) thrown, yaml ? YAML_SOURCE : JSON_SOURCE);
    return (PolicyException) thrown;
  }

  /** The problems of a validation failure (fails the test for any other exception). */
  static List<PolicyProblem> problems(PolicyException e) {
    assertThat(e).isInstanceOf(PolicyValidationException.class);
    return ((PolicyValidationException) e).problems();
  }

  /** Every error names the source, a line and a column. */
  static void assertHasLocation(PolicyException e, String source) {
    if (e instanceof PolicyParseException) {
      PolicyParseException parse = (PolicyParseException) e;
      assertThat(parse.location().source()).isEqualTo(source);
      assertThat(parse.location().line()).isPositive();
      assertThat(parse.location().column()).isPositive();
      assertThat(e.getMessage()).startsWith(source + ":" + parse.location().line() + ":");
    } else {
      List<PolicyProblem> problems = problems(e);
      assertThat(problems).isNotEmpty().allSatisfy(p -> {
        assertThat(p.location().source()).isEqualTo(source);
        assertThat(p.location().line()).isPositive();
        assertThat(p.location().column()).isPositive();
      });
    }
  }
}
