package io.ape.core.policy.operator;

import io.ape.api.ApeConfigurationException;
import io.ape.spi.ConditionOperator;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The condition operators a policy may use: the built-ins, plus custom operators (from
 * {@link io.ape.spi.ConditionOperatorProvider}s or given to a builder).
 *
 * <p>Built-in names are reserved: a custom operator may not replace one, and two custom
 * operators may not share a name. Built-ins:
 * <ul>
 *   <li>{@code prefix}, {@code suffix}: exact string prefix / suffix (one or a list);
 *       {@code prefix} refuses values with a {@code ..} path segment;</li>
 *   <li>{@code allowlist}, {@code denylist}: globs ({@code *} any run of characters, crossing
 *       {@code /} and {@code .}; {@code ?} one character; case-sensitive);</li>
 *   <li>{@code equals}, {@code one_of}: typed equality with a string, number or boolean;</li>
 *   <li>{@code max}, {@code min}: numeric bounds (numbers only; NaN, infinities, numeric
 *       strings, booleans and magnitudes above 2^53 fail);</li>
 *   <li>{@code regex}: RE2/J, unanchored search;</li>
 *   <li>{@code path_within}: normalised POSIX path containment, optionally resolving
 *       symbolic links;</li>
 *   <li>{@code domain_in}: host of a URL or bare host, IDNA-normalised, {@code *.suffix}
 *       matching sub-domains only;</li>
 *   <li>{@code max_bytes}: UTF-8 length of a string;</li>
 *   <li>{@code email_domain_in}: the domain of one strictly parsed e-mail address;</li>
 *   <li>{@code each}, {@code any}: nested operators applied to the elements of a list;
 *       {@code count}: the number of elements of a list.</li>
 * </ul>
 * The names {@code present}, {@code absent} and {@code provenance} are reserved too: they speak
 * about a parameter (whether it is there, where it came from), not about its value, so the
 * policy engine judges them itself ({@link #PARAMETER_OPERATORS}); {@link #find} does not
 * return them.
 * Every string-comparing operator refuses values containing control characters (NUL above
 * all) or invisible format characters; see the package documentation.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConditionOperators {
  /**
   * The operators about a parameter rather than its value, judged by the policy engine:
   * {@code present}, {@code absent}, {@code provenance}.
   *
   * @since 0.2.0
   */
  public static final Set<String> PARAMETER_OPERATORS = Set.of("present", "absent", "provenance");

  private static final Map<String, ConditionOperator> BUILT_INS = builtInMap();
  private static final Set<String> BUILT_IN_NAMES = builtInNameSet();

  private final Map<String, ConditionOperator> operators;

  /** {@code operators} plus {@code each} and {@code any}, which look nested operators up here. */
  private ConditionOperators(Map<String, ConditionOperator> operators) {
    Map<String, ConditionOperator> all = new LinkedHashMap<>(operators);
    all.put(QuantifierOperator.EACH, QuantifierOperator.each(this::find));
    all.put(QuantifierOperator.ANY, QuantifierOperator.any(this::find));
    this.operators = Collections.unmodifiableMap(all);
  }

  /** The built-in operators only. */
  public static ConditionOperators builtIns() {
    return new ConditionOperators(BUILT_INS);
  }

  /**
   * The names of the built-in operators (reserved), including {@code each}, {@code any} and the
   * {@link #PARAMETER_OPERATORS}.
   */
  public static Set<String> builtInNames() {
    return BUILT_IN_NAMES;
  }

  /**
   * Whether {@code name} is one of the {@link #PARAMETER_OPERATORS}, judged by the engine.
   *
   * @since 0.2.0
   */
  public static boolean isParameterOperator(String name) {
    return PARAMETER_OPERATORS.contains(name);
  }

  /**
   * The built-ins plus {@code custom} operators.
   *
   * @param custom each with a unique name that is not a built-in name
   * @throws ApeConfigurationException if a custom operator reuses a built-in name or another
   *     custom operator's name, or has no valid name
   */
  public static ConditionOperators withCustom(Collection<? extends ConditionOperator> custom) {
    Map<String, ConditionOperator> all = new LinkedHashMap<>(BUILT_INS);
    for (ConditionOperator op : Objects.requireNonNull(custom, "custom")) {
      String name;
      try {
        name = Objects.requireNonNull(op, "operator").name();
      } catch (RuntimeException e) {
        throw new ApeConfigurationException("Custom condition operator "
            + (op == null ? "null" : op.getClass().getName()) + " has no usable name: " + e, e);
      }
      if (name == null || !name.matches("[a-z][a-z0-9_]{0,63}")) {
        throw new ApeConfigurationException("Custom condition operator " + op.getClass().getName()
            + " has an invalid name " + (name == null ? "null" : "'" + name + "'")
            + "; operator names are lower case [a-z][a-z0-9_]*.");
      }
      if (BUILT_IN_NAMES.contains(name)) {
        throw new ApeConfigurationException("Custom condition operator " + op.getClass().getName()
            + " claims the built-in operator name '" + name + "', which is reserved."
            + " Give it another name.");
      }
      ConditionOperator previous = all.putIfAbsent(name, op);
      if (previous != null) {
        throw new ApeConfigurationException("Two condition operators are named '" + name + "': "
            + previous.getClass().getName() + " and " + op.getClass().getName()
            + ". Operator names must be unique.");
      }
    }
    return new ConditionOperators(all);
  }

  /** The operator with that name, if any. */
  public Optional<ConditionOperator> find(String name) {
    return Optional.ofNullable(name == null ? null : operators.get(name));
  }

  /** Every operator name, built-ins first. */
  public Set<String> names() {
    return operators.keySet();
  }

  /** {@code true} if {@code name} is a built-in operator (or a reserved name). */
  public static boolean isBuiltIn(String name) {
    return BUILT_IN_NAMES.contains(name);
  }

  private static Map<String, ConditionOperator> builtInMap() {
    Map<String, ConditionOperator> m = new LinkedHashMap<>();
    for (ConditionOperator op : List.of(new PrefixOperator(), new SuffixOperator(),
        GlobListOperator.allowlist(), GlobListOperator.denylist(), NumberBoundOperator.max(),
        NumberBoundOperator.min(), new RegexOperator(), new EqualsOperator(),
        new PathWithinOperator(), new DomainInOperator(), new MaxBytesOperator(),
        new OneOfOperator(), new EmailDomainInOperator(), new CountOperator())) {
      m.put(op.name(), op);
    }
    return Collections.unmodifiableMap(m);
  }

  private static Set<String> builtInNameSet() {
    Set<String> names = new java.util.LinkedHashSet<>(BUILT_INS.keySet());
    names.add(QuantifierOperator.EACH);
    names.add(QuantifierOperator.ANY);
    names.addAll(List.of("present", "absent", "provenance"));
    return Collections.unmodifiableSet(names);
  }
}
