package io.ape.core.actions;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.ape.api.ActionRepositoryException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A JSON Schema of the subset APE supports, compiled once at registration and then used to
 * validate parameters. Immutable and thread-safe.
 *
 * <p>Supported keywords: {@code type} (one name or a list), {@code properties},
 * {@code required}, {@code additionalProperties} (boolean or schema), {@code enum},
 * {@code const}, {@code minimum}, {@code maximum}, {@code exclusiveMinimum},
 * {@code exclusiveMaximum}, {@code minLength}, {@code maxLength} (in code points),
 * {@code pattern} (unanchored search, RE2 syntax, linear time), {@code format} ({@code uri},
 * {@code email}; asserted), {@code items} (one schema), {@code minItems}, {@code maxItems},
 * {@code uniqueItems}, {@code minProperties}, {@code maxProperties}; the annotations
 * {@code description}, {@code title}, {@code default}, {@code examples}, {@code $comment},
 * {@code $schema}, {@code deprecated}, {@code readOnly} and {@code writeOnly} are accepted and
 * ignored ({@code default} is never applied). Any other keyword makes the schema invalid:
 * a keyword that is silently ignored would make validation weaker than its author intended.
 *
 * <p>Deliberate strictness: {@code integer} accepts only integral Java numbers ({@code 1.0}
 * as a {@code Double} is a number, not an integer); {@code number} rejects NaN and infinities.
 */
final class CompiledSchema {
  private static final Set<String> TYPES =
      Set.of("string", "integer", "number", "boolean", "object", "array", "null");
  private static final Set<String> ANNOTATIONS = Set.of("description", "title", "default",
      "examples", "$comment", "$schema", "deprecated", "readOnly", "writeOnly");
  private static final Set<String> KEYWORDS = Set.of("type", "properties", "required",
      "additionalProperties", "enum", "const", "minimum", "maximum", "exclusiveMinimum",
      "exclusiveMaximum", "minLength", "maxLength", "pattern", "format", "items", "minItems",
      "maxItems", "uniqueItems", "minProperties", "maxProperties");
  private static final Pattern EMAIL =
      Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
          + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");
  private static final int MAX_URI_CHARS = 8192;
  private static final int MAX_EMAIL_CHARS = 254;

  /** The schema {@code true}: accepts everything. */
  static final CompiledSchema ANY = new CompiledSchema();
  /** The schema {@code false}: accepts nothing. */
  private static final CompiledSchema NOTHING = new CompiledSchema();

  private Set<String> types;
  private Map<String, CompiledSchema> properties = Map.of();
  private List<String> required = List.of();
  private CompiledSchema additional = ANY;
  private List<Object> enumValues;
  private boolean hasConst;
  private Object constValue;
  private BigDecimal minimum;
  private BigDecimal maximum;
  private BigDecimal exclusiveMinimum;
  private BigDecimal exclusiveMaximum;
  private Integer minLength;
  private Integer maxLength;
  private Pattern pattern;
  private String patternSource;
  private String format;
  private boolean webUrisOnly;
  private CompiledSchema items = ANY;
  private Integer minItems;
  private Integer maxItems;
  private boolean uniqueItems;
  private Integer minProperties;
  private Integer maxProperties;

  private CompiledSchema() {}

  /**
   * Compiles a root parameter schema, which must describe an object.
   *
   * @param schema the schema (JSON-like, already deep-copied)
   * @param webUrisOnly whether {@code format: uri} accepts only http and https URLs with a host
   *     and no user info (used for network actions)
   * @throws ActionRepositoryException naming the first problem and where it is
   */
  static CompiledSchema compileRoot(Map<String, Object> schema, boolean webUrisOnly) {
    CompiledSchema root = compile(schema, "#", webUrisOnly);
    if (root.types == null || !root.types.equals(Set.of("object"))) {
      throw new ActionRepositoryException("invalid parameter schema at #: the root must have"
          + " \"type\": \"object\"");
    }
    return root;
  }

  private static CompiledSchema compile(Object schema, String at, boolean webUrisOnly) {
    if (Boolean.TRUE.equals(schema)) {
      return ANY;
    }
    if (Boolean.FALSE.equals(schema)) {
      return NOTHING;
    }
    if (!(schema instanceof Map<?, ?> raw)) {
      throw invalid(at, "a schema must be an object or a boolean, got "
          + JsonTypes.typeName(schema));
    }
    CompiledSchema s = new CompiledSchema();
    s.webUrisOnly = webUrisOnly;
    for (Map.Entry<?, ?> e : raw.entrySet()) {
      String key = (String) e.getKey();
      Object v = e.getValue();
      if (ANNOTATIONS.contains(key)) {
        continue;
      }
      if (!KEYWORDS.contains(key)) {
        throw invalid(at, "unsupported keyword '" + Printable.text(key) + "' (supported: "
            + String.join(", ", new java.util.TreeSet<>(KEYWORDS)) + ")");
      }
      String here = at + "/" + key;
      switch (key) {
        case "type":
          s.types = types(v, here);
          break;
        case "properties":
          s.properties = properties(v, here, webUrisOnly);
          break;
        case "required":
          s.required = stringList(v, here);
          break;
        case "additionalProperties":
          s.additional = compile(v, here, webUrisOnly);
          break;
        case "enum":
          if (!(v instanceof List<?> l) || l.isEmpty()) {
            throw invalid(here, "must be a non-empty array");
          }
          s.enumValues = List.copyOf(new ArrayList<>(l).stream()
              .map(x -> x == null ? NullValue.INSTANCE : x).toList());
          break;
        case "const":
          s.hasConst = true;
          s.constValue = v;
          break;
        case "minimum":
          s.minimum = number(v, here);
          break;
        case "maximum":
          s.maximum = number(v, here);
          break;
        case "exclusiveMinimum":
          s.exclusiveMinimum = number(v, here);
          break;
        case "exclusiveMaximum":
          s.exclusiveMaximum = number(v, here);
          break;
        case "minLength":
          s.minLength = count(v, here);
          break;
        case "maxLength":
          s.maxLength = count(v, here);
          break;
        case "pattern":
          if (!(v instanceof String p)) {
            throw invalid(here, "must be a string");
          }
          try {
            s.pattern = Pattern.compile(p);
          } catch (PatternSyntaxException ex) {
            throw invalid(here, "invalid regular expression (RE2 syntax): "
                + Printable.text(ex.getDescription()));
          }
          s.patternSource = p;
          break;
        case "format":
          if (!"uri".equals(v) && !"email".equals(v)) {
            throw invalid(here, "unsupported format " + Printable.value(v)
                + " (supported: uri, email)");
          }
          s.format = (String) v;
          break;
        case "items":
          if (v instanceof List) {
            throw invalid(here, "tuple validation (an array of schemas) is not supported");
          }
          s.items = compile(v, here, webUrisOnly);
          break;
        case "minItems":
          s.minItems = count(v, here);
          break;
        case "maxItems":
          s.maxItems = count(v, here);
          break;
        case "uniqueItems":
          if (!(v instanceof Boolean b)) {
            throw invalid(here, "must be a boolean");
          }
          s.uniqueItems = b;
          break;
        case "minProperties":
          s.minProperties = count(v, here);
          break;
        case "maxProperties":
          s.maxProperties = count(v, here);
          break;
        default:
          throw invalid(here, "unsupported keyword");
      }
    }
    return s;
  }

  private static Set<String> types(Object v, String at) {
    List<String> names;
    if (v instanceof String single) {
      names = List.of(single);
    } else if (v instanceof List<?> l && !l.isEmpty()) {
      names = stringList(l, at);
    } else {
      throw invalid(at, "must be a type name or a non-empty array of type names");
    }
    for (String n : names) {
      if (!TYPES.contains(n)) {
        throw invalid(at, "unknown type '" + Printable.text(n) + "'");
      }
    }
    return Set.copyOf(names);
  }

  private static Map<String, CompiledSchema> properties(Object v, String at, boolean web) {
    if (!(v instanceof Map<?, ?> m)) {
      throw invalid(at, "must be an object");
    }
    Map<String, CompiledSchema> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String name = (String) e.getKey();
      out.put(name, compile(e.getValue(), at + "/" + name, web));
    }
    return Collections.unmodifiableMap(out);
  }

  private static List<String> stringList(Object v, String at) {
    if (!(v instanceof List<?> l)) {
      throw invalid(at, "must be an array of strings");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Object o : l) {
      if (!(o instanceof String s)) {
        throw invalid(at, "must be an array of strings");
      }
      if (!seen.add(s)) {
        throw invalid(at, "lists '" + Printable.text(s) + "' twice");
      }
    }
    return List.copyOf(seen);
  }

  private static BigDecimal number(Object v, String at) {
    if (!JsonTypes.isNumber(v)) {
      throw invalid(at, "must be a finite number");
    }
    return JsonTypes.decimal(v);
  }

  private static Integer count(Object v, String at) {
    if (!JsonTypes.isInteger(v)) {
      throw invalid(at, "must be a non-negative integer");
    }
    BigDecimal d = JsonTypes.decimal(v);
    if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw invalid(at, "must be a non-negative integer (at most " + Integer.MAX_VALUE + ")");
    }
    return d.intValueExact();
  }

  private static ActionRepositoryException invalid(String at, String problem) {
    return new ActionRepositoryException("invalid parameter schema at " + at + ": " + problem);
  }

  /** The names of the root object's declared properties, in declaration order. */
  Set<String> propertyNames() {
    return properties.keySet();
  }

  /** The schema of a declared property, or {@code null}. */
  CompiledSchema property(String name) {
    return properties.get(name);
  }

  /** The declared types, or {@code null} for any. */
  Set<String> types() {
    return types;
  }

  /** Whether the root object requires {@code name}. */
  boolean requires(String name) {
    return required.contains(name);
  }

  /** Validates the root parameter object, adding every error found. */
  void validateRoot(Map<String, Object> parameters, ValidationErrors errors) {
    validate(parameters, "", errors);
  }

  private void validate(Object value, String location, ValidationErrors errors) {
    if (this == ANY) {
      return;
    }
    if (this == NOTHING) {
      errors.add(location, "not allowed");
      return;
    }
    if (types != null && !hasType(value)) {
      errors.add(location, "expected " + String.join(" or ", new java.util.TreeSet<>(types))
          + ", got " + JsonTypes.typeName(value));
      return;
    }
    if (enumValues != null && !inEnum(value)) {
      errors.add(location, Printable.value(value) + " is not one of " + enumText());
    }
    if (hasConst && !JsonTypes.jsonEquals(value, constValue)) {
      errors.add(location, "must equal " + Printable.value(constValue));
    }
    if (value instanceof String s) {
      validateString(s, location, errors);
    } else if (value instanceof Number && JsonTypes.isNumber(value)) {
      validateNumber(value, location, errors);
    } else if (value instanceof Map<?, ?> m) {
      validateObject(m, location, errors);
    } else if (value instanceof List<?> l) {
      validateArray(l, location, errors);
    }
  }

  private boolean hasType(Object value) {
    for (String t : types) {
      boolean ok;
      switch (t) {
        case "string": ok = value instanceof String; break;
        case "integer": ok = JsonTypes.isInteger(value); break;
        case "number": ok = JsonTypes.isNumber(value); break;
        case "boolean": ok = value instanceof Boolean; break;
        case "object": ok = value instanceof Map; break;
        case "array": ok = value instanceof List; break;
        default: ok = value == null; break;
      }
      if (ok) {
        return true;
      }
    }
    return false;
  }

  private boolean inEnum(Object value) {
    for (Object e : enumValues) {
      if (JsonTypes.jsonEquals(e == NullValue.INSTANCE ? null : e, value)) {
        return true;
      }
    }
    return false;
  }

  private String enumText() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < enumValues.size() && i < 10; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Object e = enumValues.get(i);
      sb.append(e == NullValue.INSTANCE ? "null" : Printable.value(e));
    }
    return sb.append(enumValues.size() > 10 ? ", ...]" : "]").toString();
  }

  private void validateString(String s, String location, ValidationErrors errors) {
    if (minLength != null || maxLength != null) {
      int length = s.codePointCount(0, s.length());
      if (minLength != null && length < minLength) {
        errors.add(location, "shorter than " + minLength + " characters");
      }
      if (maxLength != null && length > maxLength) {
        errors.add(location, "longer than " + maxLength + " characters");
      }
    }
    if (pattern != null && !pattern.matcher(s).find()) {
      errors.add(location, "does not match the pattern " + Printable.value(patternSource));
    }
    if ("uri".equals(format)) {
      String problem = uriProblem(s);
      if (problem != null) {
        errors.add(location, problem);
      }
    } else if ("email".equals(format)
        && (s.length() > MAX_EMAIL_CHARS || !EMAIL.matcher(s).matches())) {
      errors.add(location, Printable.value(s) + " is not an e-mail address");
    }
  }

  private String uriProblem(String s) {
    if (s.length() > MAX_URI_CHARS) {
      return "URI longer than " + MAX_URI_CHARS + " characters";
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
        return "URI contains whitespace or a control character";
      }
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException ex) {
      return Printable.value(s) + " is not a valid URI";
    }
    if (!uri.isAbsolute()) {
      return Printable.value(s) + " is not an absolute URI";
    }
    if (webUrisOnly) {
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return "only http and https URLs are allowed, got scheme " + Printable.value(scheme);
      }
      if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null
          && uri.getRawAuthority().contains("@")) {
        return "URLs with user info are not allowed";
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        return Printable.value(s) + " has no host";
      }
    }
    return null;
  }

  private void validateNumber(Object n, String location, ValidationErrors errors) {
    BigDecimal d = JsonTypes.decimal(n);
    if (minimum != null && d.compareTo(minimum) < 0) {
      errors.add(location, Printable.value(n) + " is below the minimum " + minimum.toPlainString());
    }
    if (maximum != null && d.compareTo(maximum) > 0) {
      errors.add(location, Printable.value(n) + " is above the maximum " + maximum.toPlainString());
    }
    if (exclusiveMinimum != null && d.compareTo(exclusiveMinimum) <= 0) {
      errors.add(location, Printable.value(n) + " must be greater than "
          + exclusiveMinimum.toPlainString());
    }
    if (exclusiveMaximum != null && d.compareTo(exclusiveMaximum) >= 0) {
      errors.add(location, Printable.value(n) + " must be less than "
          + exclusiveMaximum.toPlainString());
    }
  }

  private void validateObject(Map<?, ?> m, String location, ValidationErrors errors) {
    for (String r : required) {
      if (!m.containsKey(r)) {
        if (location.isEmpty()) {
          errors.add("", "missing required parameter '" + Printable.text(r) + "'");
        } else {
          errors.add(location, "missing required key '" + Printable.text(r) + "'");
        }
      }
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = (String) e.getKey();
      String child = location.isEmpty() ? key : location + "." + key;
      CompiledSchema declared = properties.get(key);
      if (declared != null) {
        declared.validate(e.getValue(), Printable.text(child), errors);
      } else if (additional == NOTHING) {
        if (location.isEmpty()) {
          errors.add("", "unknown parameter '" + Printable.text(key) + "'"
              + (properties.isEmpty() ? "" : " (allowed: "
                  + String.join(", ", properties.keySet()) + ")"));
        } else {
          errors.add(location, "unknown key '" + Printable.text(key) + "'");
        }
      } else {
        additional.validate(e.getValue(), Printable.text(child), errors);
      }
    }
    if (minProperties != null && m.size() < minProperties) {
      errors.add(location.isEmpty() ? "parameters" : location,
          "must have at least " + minProperties + " entries");
    }
    if (maxProperties != null && m.size() > maxProperties) {
      errors.add(location.isEmpty() ? "parameters" : location,
          "must have at most " + maxProperties + " entries");
    }
  }

  private void validateArray(List<?> l, String location, ValidationErrors errors) {
    if (minItems != null && l.size() < minItems) {
      errors.add(location, "must have at least " + minItems + " items");
    }
    if (maxItems != null && l.size() > maxItems) {
      errors.add(location, "must have at most " + maxItems + " items");
    }
    for (int i = 0; i < l.size(); i++) {
      items.validate(l.get(i), location + "[" + i + "]", errors);
    }
    if (uniqueItems) {
      java.util.Map<Object, Integer> seen = new java.util.HashMap<>();
      for (int i = 0; i < l.size(); i++) {
        Integer first = seen.putIfAbsent(JsonTypes.normalized(l.get(i)), i);
        if (first != null) {
          errors.add(location, "items " + first + " and " + i + " are equal");
          break;
        }
      }
    }
  }

  /** Stands for JSON null inside an enum list (List.copyOf rejects null). */
  private enum NullValue {
    INSTANCE
  }
}
