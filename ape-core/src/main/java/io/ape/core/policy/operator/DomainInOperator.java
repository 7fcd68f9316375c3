package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.spi.ConditionOperator;

/**
 * {@code domain_in: [api.github.com, "*.corp"]}: the host of the value (a URL or a bare host,
 * read by {@link UrlHosts} so that {@code java.net.URI}, {@code java.net.URL} and WHATWG
 * parsers agree on it) is one of the listed hosts, or a sub-domain of a {@code *.suffix} entry
 * ({@code *.corp} matches {@code a.corp} and {@code a.b.corp}, never {@code corp} itself); see
 * {@link HostSet}. A value with no host all of them agree on (a backslash, white space,
 * percent-encoded host bytes, a non-canonical IPv4 address, a bad port, ...) is one the
 * condition cannot judge.
 */
final class DomainInOperator implements ConditionOperator {
  static final String NAME = "domain_in";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    return new Compiled(HostSet.compile(spec));
  }

  private static final class Compiled extends StringCondition {
    private final HostSet hosts;

    Compiled(HostSet hosts) {
      super(false);
      this.hosts = hosts;
    }

    @Override
    boolean holds(String value) {
      return UrlHosts.hostIn(value, hosts) == Boolean.TRUE;
    }

    @Override
    boolean refusesString(String value) {
      return UrlHosts.host(value) == null;
    }

    @Override
    String describe(String value) {
      UrlHosts.Reading r = UrlHosts.read(value);
      if (!r.ok()) {
        return "value " + Values.printable(value) + " " + r.problem();
      }
      return "host " + Values.printable(r.host()) + " of value " + Values.printable(value)
          + " is not in " + hosts.printed();
    }
  }
}
