package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.core.internal.HostNames;
import io.ape.spi.ConditionOperator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code domain_in: [api.github.com, "*.corp"]}: the host of the value (a URL or a bare host,
 * parsed and normalised by {@link io.ape.core.internal.HostNames}) is one of the listed hosts, or a sub-domain of a
 * {@code *.suffix} entry ({@code *.corp} matches {@code a.corp} and {@code a.b.corp}, never
 * {@code corp} itself). Entries are normalised the same way at load (so {@code BÜCHER.example}
 * and {@code xn--bcher-kva.example} are the same entry). A wildcard is allowed only as the
 * whole leftmost label; a bare {@code *} is refused (drop the condition instead).
 */
final class DomainInOperator implements ConditionOperator {
  static final String NAME = "domain_in";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    List<String> entries = Arguments.stringOrList(spec, spec.argument(), "domain");
    Set<String> exact = new HashSet<>();
    Set<String> suffixes = new HashSet<>();
    for (String entry : entries) {
      boolean wildcard = entry.startsWith("*.");
      String name = wildcard ? entry.substring(2) : entry;
      if (name.indexOf('*') >= 0) {
        throw Arguments.invalid(spec, "domain_in: " + Values.printable(entry)
            + " has a wildcard that is not the whole leftmost label (write '*.example.com')");
      }
      for (char c : new char[] {'/', '@', '?', '#', '\\'}) {
        if (name.indexOf(c) >= 0) {
          throw Arguments.invalid(spec, "domain_in: " + Values.printable(entry)
              + " is not a host name (write hosts, not URLs)");
        }
      }
      if (!name.startsWith("[") && name.indexOf(':') >= 0) {
        throw Arguments.invalid(spec, "domain_in: " + Values.printable(entry)
            + " has a port; list host names only");
      }
      HostNames.Parsed parsed = HostNames.normalize(name);
      if (!parsed.ok()) {
        throw Arguments.invalid(spec, "domain_in: " + Values.printable(entry) + " " + parsed.error());
      }
      (wildcard ? suffixes : exact).add(parsed.host());
    }
    return new Compiled(Set.copyOf(exact), Set.copyOf(suffixes), entries);
  }

  private static final class Compiled extends StringCondition {
    private final Set<String> exact;
    private final Set<String> suffixes;
    private final String entries;

    Compiled(Set<String> exact, Set<String> suffixes, List<String> entries) {
      super(false);
      this.exact = exact;
      this.suffixes = suffixes;
      this.entries = Values.printableList(entries);
    }

    @Override
    boolean holds(String value) {
      HostNames.Parsed parsed = HostNames.hostOf(value);
      return parsed.ok() && matches(parsed.host());
    }

    private boolean matches(String host) {
      if (exact.contains(host)) {
        return true;
      }
      if (suffixes.isEmpty()) {
        return false;
      }
      for (int i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) {
        if (suffixes.contains(host.substring(i + 1))) {
          return true;
        }
      }
      return false;
    }

    @Override
    boolean refusesString(String value) {
      return !HostNames.hostOf(value).ok();
    }

    @Override
    String describe(String value) {
      HostNames.Parsed parsed = HostNames.hostOf(value);
      if (!parsed.ok()) {
        return "value " + Values.printable(value) + " " + parsed.error();
      }
      return "host " + Values.printable(parsed.host()) + " of value " + Values.printable(value)
          + " is not in " + entries;
    }
  }
}
