package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.spi.ConditionOperator;

/**
 * {@code email_domain_in: [acme.com, "*.acme.com"]}: the value is one e-mail address, parsed
 * strictly by {@link EmailAddresses}, whose domain is listed or a sub-domain of a
 * {@code *.suffix} entry (see {@link HostSet}). A value that is not such an address
 * ({@code eve@evil.com@acme.com}, a bare {@code acme.com}, a quoted local part, a display name)
 * is one the condition cannot judge. For a list of addresses, use
 * {@code each: {email_domain_in: [...]}}.
 */
final class EmailDomainInOperator implements ConditionOperator {
  static final String NAME = "email_domain_in";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    return new Compiled(HostSet.compile(spec));
  }

  private static final class Compiled extends StringCondition {
    private final HostSet domains;

    Compiled(HostSet domains) {
      super(false);
      this.domains = domains;
    }

    @Override
    boolean holds(String value) {
      return EmailAddresses.domainIn(value, domains) == Boolean.TRUE;
    }

    @Override
    boolean refusesString(String value) {
      return EmailAddresses.domain(value) == null;
    }

    @Override
    String describe(String value) {
      UrlHosts.Reading r = EmailAddresses.domainOf(value);
      if (!r.ok()) {
        return "value " + Values.printable(value) + " " + r.problem();
      }
      return "the domain " + Values.printable(r.host()) + " of address " + Values.printable(value)
          + " is not in " + domains.printed();
    }
  }
}
