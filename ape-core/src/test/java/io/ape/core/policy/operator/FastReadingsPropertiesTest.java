package io.ape.core.policy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hot-path readings of hosts and addresses answer exactly as the described ones. */
class FastReadingsPropertiesTest {
  @Provide
  Arbitrary<String> values() {
    Arbitrary<String> scheme = Arbitraries.of("", "https://", "//", "git+ssh://", "HTTP://");
    Arbitrary<String> user = Arbitraries.of("", "u@", "a@b@", "x%y@", "bob.smith+tag@");
    Arbitrary<String> host = Arbitraries.of("api.github.com", "API.github.com", "a-.com",
        "x.example", "a.b.example", "example", "github.com", "sub.api.github.com",
        "-a.com", "a..b", "127.0.0.1", "0x7f.1", "1.2.3.4.5", "bücher.example", "x.", "",
        "[::1]", "a_b.c", "x".repeat(64) + ".com", "9.com", "com.9");
    Arbitrary<String> port = Arbitraries.of("", ":443", ":99999", ":");
    Arbitrary<String> tail = Arbitraries.of("", "/", "/a b", "#a#b", "\\x");
    return Combinators.combine(scheme, user, host, port, tail)
        .as((s, u, h, p, t) -> s + u + h + p + t);
  }

  private static final HostSet HOSTS = HostSet.compile(new io.ape.api.ConditionSpec("u",
      "domain_in", java.util.List.of("api.github.com", "*.example", "bücher.example", "9.com",
          "x".repeat(63) + ".com", "com.9x", "github.com"), io.ape.api.SourceLocation.of("t")));

  @Property(tries = 3000)
  void theHostOfTheHotPathIsTheHostOfTheDescribedReading(@ForAll("values") String value) {
    String host = UrlHosts.read(value).host();
    assertThat(UrlHosts.host(value)).as(value).isEqualTo(host);
    assertThat(UrlHosts.hostIn(value, HOSTS)).as(value)
        .isEqualTo(host == null ? null : HOSTS.contains(host));
    String domain = EmailAddresses.domainOf(value).host();
    assertThat(EmailAddresses.domain(value)).as(value).isEqualTo(domain);
    assertThat(EmailAddresses.domainIn(value, HOSTS)).as(value)
        .isEqualTo(domain == null ? null : HOSTS.contains(domain));
  }
}
