package io.ape.core.policy.operator;

import static io.ape.core.policy.operator.Conditions.compile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.PolicyValidationException;
import io.ape.spi.ConditionOperator.CompiledCondition;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainInOperatorTest {
  private final CompiledCondition github =
      compile("domain_in", List.of("api.github.com", "*.internal.corp", "bücher.example"));

  @ParameterizedTest
  @ValueSource(strings = {
      "api.github.com",
      "https://api.github.com/repos/x",
      "https://api.github.com:443/",
      "http://api.github.com?q=1",
      "//api.github.com/x",
      "api.github.com:8080",
      "API.GITHUB.COM",
      "HTTPS://Api.GitHub.Com/Path",
      "api.github.com.",
      "user@api.github.com:443",
      "https://user:pw@api.github.com/",
      "git.internal.corp",
      "a.b.internal.corp",
      "https://xn--bcher-kva.example/",
      "BÜCHER.example",
      "bücher.example"})
  void hostsInTheListHold(String value) {
    assertThat(github.test(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "api.github.com.evil.com",
      "https://api.github.com.evil.com/",
      "evil.com#@api.github.com",
      "https://evil.com#@api.github.com/",
      "https://api.github.com@evil.com/",
      "https://evil.com\\@api.github.com",
      "https://evil.com?@api.github.com",
      "evilapi.github.com",
      "github.com",
      "internal.corp",
      "https://internal.corp/",
      "xinternal.corp",
      "\u0430pi.github.com",
      "https://api.github.com:99999/",
      "https://api.github.com:443x/",
      "https://api_github.com/",
      "api.github.com\u0000.evil.com",
      "api.github.com\n",
      "",
      "https:///path",
      "file:///etc/passwd",
      "ht!tp://api.github.com/",
      "javascript:alert(1)",
      "api.github.com..",
      "api%2egithub.com"})
  void otherHostsAndTrickyFormsFail(String value) {
    assertThat(github.test(value)).isFalse();
  }

  @Test
  void reasonsNameTheHostThatWasActuallyFound() {
    assertThat(github.describeFailure("evil.com#@api.github.com")).isEqualTo(
        "host 'evil.com' of value 'evil.com#@api.github.com' is not in"
            + " ['api.github.com', '*.internal.corp', 'b\\u00fccher.example']");
    assertThat(github.describeFailure("https://api.github.com:99999/")).contains("invalid port");
    assertThat(github.describeFailure(List.of("api.github.com"))).contains("not a string");
  }

  @Test
  void ipv6LiteralsCompareAsWritten() {
    CompiledCondition local = compile("domain_in", "[::1]");
    assertThat(local.test("http://[::1]:8080/")).isTrue();
    assertThat(local.test("http://[0:0:0:0:0:0:0:1]/")).isFalse();
    assertThat(local.test("http://[::1/")).isFalse();
  }

  @Test
  void badEntriesArePolicyErrors() {
    for (Object bad : new Object[] {"*", "a.*.corp", "https://api.github.com/", "api.github.com:443",
        "user@host", List.of(), 3, "*.", "bad_host.com"}) {
      assertThatThrownBy(() -> compile("domain_in", bad)).as(String.valueOf(bad))
          .isInstanceOf(PolicyValidationException.class);
    }
  }
}
