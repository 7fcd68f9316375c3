package io.ape.core.policy;

import io.ape.api.ConditionSpec;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import io.ape.api.RequestContext;
import io.ape.spi.ConditionOperator;
import io.ape.spi.ConditionOperator.CompiledCondition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A condition whose argument names context values: {@code ${tenant}},
 * {@code ${session.user}} and {@code ${session.attributes.KEY}}, bound from the request's
 * {@link RequestContext} at evaluation ({@code path_within: /srv/${tenant}}).
 *
 * <ul>
 *   <li>{@code ${tenant}} is {@link RequestContext#tenantId()};</li>
 *   <li>{@code ${session.user}} is the context attribute {@value PolicyEngine#USER_ATTRIBUTE}
 *       (set by whoever builds the context, e.g. the engine from the session's user);</li>
 *   <li>{@code ${session.attributes.KEY}} is the context attribute {@code KEY}.</li>
 * </ul>
 *
 * <p>A value is used only if it is 1 to 128 characters of {@code [A-Za-z0-9_@.+-]} and is not
 * {@code .} or {@code ..}: it can name a directory, a host label or a user, but never add a
 * path segment, a glob or a separator. A missing or unsafe value leaves the condition unable to
 * judge (an ALLOW rule does not match; a DENY or ESCALATE rule applies). In a {@code regex}
 * argument the value is inserted literally ({@code .} and {@code +} escaped).
 *
 * <p>The argument is compiled once per distinct set of values and kept in a bounded cache
 * (at most {@value #MAX_CACHED} entries, emptied when full), so evaluation does not compile
 * anything after the first request of a tenant. Thread-safe.
 */
final class ContextTemplate {
  static final int MAX_CACHED = 1024;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  private final ConditionSpec spec;
  private final ConditionOperator operator;
  private final List<String> names;
  private final boolean literalInRegex;
  private final Map<String, CompiledCondition> cache = new ConcurrentHashMap<>();

  private ContextTemplate(ConditionSpec spec, ConditionOperator operator, List<String> names) {
    this.spec = spec;
    this.operator = operator;
    this.names = names;
    this.literalInRegex = spec.operator().equals("regex");
  }

  /**
   * The template of a condition, or {@code null} if its argument names no context value.
   *
   * @throws PolicyValidationException for an unknown {@code ${...}} name, or an argument the
   *     operator refuses once values are put in
   */
  static ContextTemplate of(ConditionSpec spec, ConditionOperator operator) {
    Set<String> names = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    collect(spec.argument(), names, unknown);
    if (!unknown.isEmpty()) {
      throw new PolicyValidationException(List.of(new PolicyProblem(spec.location(), "",
          "unknown context value " + unknown.get(0) + "; known: ${tenant}, ${session.user},"
              + " ${session.attributes.KEY}")));
    }
    if (names.isEmpty()) {
      return null;
    }
    ContextTemplate t = new ContextTemplate(spec, operator, List.copyOf(names));
    List<String> sample = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      sample.add("context");
    }
    t.compile(sample); // a bad argument is a load error, not a surprise at evaluation
    return t;
  }

  /** The context value names this condition uses, e.g. {@code [tenant]}. */
  List<String> names() {
    return names;
  }

  private static void collect(Object argument, Set<String> names, List<String> unknown) {
    if (argument instanceof String s) {
      if (s.indexOf("${") < 0) {
        return;
      }
      Matcher m = PLACEHOLDER.matcher(s);
      int end = 0;
      while (m.find()) {
        if (s.substring(end, m.start()).contains("${")) {
          unknown.add("'" + s.substring(s.indexOf("${", end)) + "' (unterminated)");
        }
        String name = m.group(1);
        if (isKnown(name)) {
          names.add(name);
        } else {
          unknown.add("${" + name + "}");
        }
        end = m.end();
      }
      if (s.substring(end).contains("${")) {
        unknown.add("'" + s.substring(s.indexOf("${", end)) + "' (unterminated)");
      }
    } else if (argument instanceof List<?> list) {
      list.forEach(e -> collect(e, names, unknown));
    } else if (argument instanceof Map<?, ?> map) {
      map.values().forEach(e -> collect(e, names, unknown));
    }
  }

  private static boolean isKnown(String name) {
    return name.equals("tenant") || name.equals("session.user")
        || (name.startsWith("session.attributes.")
            && ATTRIBUTE_KEY.matcher(name.substring("session.attributes.".length())).matches());
  }

  /** The raw value of one context value name, or {@code null} if the context has none. */
  private static String lookUp(String name, RequestContext context) {
    if (name.equals("tenant")) {
      return context.tenantId();
    }
    if (name.equals("session.user")) {
      return context.attributes().get(PolicyEngine.USER_ATTRIBUTE);
    }
    return context.attributes().get(name.substring("session.attributes.".length()));
  }

  private static boolean isSafe(String value) {
    if (value == null || value.isEmpty() || value.length() > 128 || value.equals(".")
        || value.equals("..")) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '@' || c == '.' || c == '+' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The condition compiled for the context's values, or {@code null} when a value is missing or
   * unsafe (the condition cannot judge).
   */
  CompiledCondition bind(RequestContext context) {
    if (names.size() == 1) {
      String value = lookUp(names.get(0), context);
      if (!isSafe(value)) {
        return null;
      }
      CompiledCondition c = cache.get(value);
      return c != null ? c : compileAndCache(value, List.of(value));
    }
    List<String> values = new ArrayList<>(names.size());
    for (String name : names) {
      String value = lookUp(name, context);
      if (!isSafe(value)) {
        return null;
      }
      values.add(value);
    }
    String key = String.join("\n", values);
    CompiledCondition c = cache.get(key);
    return c != null ? c : compileAndCache(key, values);
  }

  /** Why {@link #bind} gives nothing for this context. */
  String whyUnbound(RequestContext context) {
    for (String name : names) {
      String value = lookUp(name, context);
      if (value == null) {
        return "the context value ${" + name + "} is missing, so the condition cannot judge it";
      }
      if (!isSafe(value)) {
        return "the context value ${" + name + "} is not a safe value (1 to 128 characters of"
            + " letters, digits, _@.+-, not '.' or '..'), so the condition cannot judge it";
      }
    }
    return "the condition cannot be bound to the context";
  }

  private CompiledCondition compileAndCache(String key, List<String> values) {
    CompiledCondition c;
    try {
      c = compile(values);
    } catch (RuntimeException e) {
      return null; // a value that makes the argument invalid: cannot judge
    }
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(key, c);
    return c;
  }

  private CompiledCondition compile(List<String> values) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String v = values.get(i);
      byName.put(names.get(i), literalInRegex ? v.replace(".", "\\.").replace("+", "\\+") : v);
    }
    Object argument = substitute(spec.argument(), byName);
    CompiledCondition c = operator.compile(new ConditionSpec(spec.parameter(), spec.operator(),
        argument, spec.location()));
    if (c == null) {
      throw new IllegalStateException("operator '" + spec.operator() + "' compiled to null");
    }
    return c;
  }

  private static Object substitute(Object argument, Map<String, String> values) {
    if (argument instanceof String s) {
      if (s.indexOf("${") < 0) {
        return s;
      }
      Matcher m = PLACEHOLDER.matcher(s);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(sb, Matcher.quoteReplacement(values.get(m.group(1))));
      }
      m.appendTail(sb);
      return sb.toString();
    }
    if (argument instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(e -> out.add(substitute(e, values)));
      return Collections.unmodifiableList(out);
    }
    if (argument instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), substitute(v, values)));
      return Collections.unmodifiableMap(out);
    }
    return argument;
  }
}
