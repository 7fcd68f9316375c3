package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.core.internal.HostNames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The list of hosts of {@code domain_in} and {@code email_domain_in}: exact names, and
 * {@code *.suffix} entries that match every sub-domain of the suffix (never the suffix itself).
 * Entries are normalised like values (IDNA, lower case, trailing dot dropped) at load; a
 * wildcard is allowed only as the whole leftmost label, and a bare {@code *} is refused.
 * Immutable.
 */
final class HostSet {
  /** Up to this many wildcard entries are matched with {@code endsWith}, without allocating. */
  private static final int FEW_SUFFIXES = 8;

  private final Set<String> exact;
  private final Set<String> suffixes;
  /** {@code ".suffix"} of each wildcard entry, when there are few. */
  private final String[] dottedSuffixes;
  /** The exact entries by {@link String#hashCode()}, open addressing: lookups of a region. */
  private final String[] table;
  private final String printed;

  private HostSet(Set<String> exact, Set<String> suffixes, String printed) {
    this.exact = exact;
    this.suffixes = suffixes;
    this.dottedSuffixes = suffixes.size() <= FEW_SUFFIXES
        ? suffixes.stream().map(x -> "." + x).toArray(String[]::new) : null;
    this.printed = printed;
    int capacity = Integer.highestOneBit(Math.max(4, exact.size() * 2)) * 2;
    this.table = new String[capacity];
    for (String e : exact) {
      int i = spread(e.hashCode()) & (capacity - 1);
      while (table[i] != null) {
        i = (i + 1) & (capacity - 1);
      }
      table[i] = e;
    }
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /**
   * Whether the normal host name {@code s[from, to)}, whose {@link String#hashCode()} is
   * {@code hash}, is listed or a sub-domain of a wildcard entry: {@link #contains} without the
   * substring.
   */
  boolean containsRegion(String s, int from, int to, int hash) {
    int len = to - from;
    int mask = table.length - 1;
    for (int i = spread(hash) & mask; table[i] != null; i = (i + 1) & mask) {
      String e = table[i];
      if (e.length() == len && e.hashCode() == hash && s.regionMatches(from, e, 0, len)) {
        return true;
      }
    }
    if (suffixes.isEmpty()) {
      return false;
    }
    if (dottedSuffixes != null) {
      for (String dotted : dottedSuffixes) {
        int n = dotted.length();
        if (len > n && s.regionMatches(to - n, dotted, 0, n)) {
          return true;
        }
      }
      return false;
    }
    return contains(s.substring(from, to));
  }

  /** Compiles the entries of {@code spec}'s argument (a host or a list of hosts). */
  static HostSet compile(ConditionSpec spec) {
    List<String> entries = Arguments.stringOrList(spec, spec.argument(), "domain");
    Set<String> exact = new HashSet<>();
    Set<String> suffixes = new HashSet<>();
    for (String entry : entries) {
      boolean wildcard = entry.startsWith("*.");
      String name = wildcard ? entry.substring(2) : entry;
      if (name.indexOf('*') >= 0) {
        throw Arguments.invalid(spec, spec.operator() + ": " + Values.printable(entry)
            + " has a wildcard that is not the whole leftmost label (write '*.example.com')");
      }
      for (char c : new char[] {'/', '@', '?', '#', '\\'}) {
        if (name.indexOf(c) >= 0) {
          throw Arguments.invalid(spec, spec.operator() + ": " + Values.printable(entry)
              + " is not a host name (write hosts, not URLs" + (c == '@' ? " or addresses" : "")
              + ")");
        }
      }
      if (!name.startsWith("[") && name.indexOf(':') >= 0) {
        throw Arguments.invalid(spec, spec.operator() + ": " + Values.printable(entry)
            + " has a port; list host names only");
      }
      HostNames.Parsed parsed = HostNames.normalize(name);
      if (!parsed.ok()) {
        throw Arguments.invalid(spec, spec.operator() + ": " + Values.printable(entry) + " "
            + parsed.error());
      }
      (wildcard ? suffixes : exact).add(parsed.host());
    }
    return new HostSet(Set.copyOf(exact), Set.copyOf(suffixes), Values.printableList(entries));
  }

  /** Whether the normalised {@code host} is listed, or a sub-domain of a wildcard entry. */
  boolean contains(String host) {
    if (exact.contains(host)) {
      return true;
    }
    if (suffixes.isEmpty()) {
      return false;
    }
    if (dottedSuffixes != null) {
      for (String dotted : dottedSuffixes) {
        if (host.endsWith(dotted)) {
          return true;
        }
      }
      return false;
    }
    for (int i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) {
      if (suffixes.contains(host.substring(i + 1))) {
        return true;
      }
    }
    return false;
  }

  /** The entries as written, for reasons. */
  String printed() {
    return printed;
  }
}
