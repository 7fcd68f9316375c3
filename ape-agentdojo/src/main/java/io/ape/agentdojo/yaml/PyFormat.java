package io.ape.agentdojo.yaml;

import io.ape.agentdojo.AgentDojoException;
import java.util.Map;

/**
 * Python's {@code str.format(**values)} for the only form the benchmark uses: named fields
 * {@code {name}}, with {@code {{} and {@code }}} as literal braces. Anything else Python would
 * accept (positional fields, attribute or index access, conversions, format specs) or reject (an
 * unknown name, a single unmatched brace) is an {@link AgentDojoException}, so a template never
 * renders half right.
 *
 * @since 0.2.0
 */
public final class PyFormat {
  private PyFormat() {}

  /** Substitutes every {@code {name}} of {@code template} with {@code values.get(name)}. */
  public static String format(String template, Map<String, String> values) {
    StringBuilder out = new StringBuilder(template.length() + 256);
    int i = 0;
    int n = template.length();
    while (i < n) {
      char c = template.charAt(i);
      if (c == '{') {
        if (i + 1 < n && template.charAt(i + 1) == '{') {
          out.append('{');
          i += 2;
          continue;
        }
        int close = template.indexOf('}', i + 1);
        if (close < 0) {
          throw new AgentDojoException("format: single '{' at offset " + i);
        }
        String name = template.substring(i + 1, close);
        if (!isIdentifier(name)) {
          throw new AgentDojoException("format: unsupported replacement field '{" + name + "}'");
        }
        String value = values.get(name);
        if (value == null) {
          throw new AgentDojoException("format: no value for field '" + name + "'");
        }
        out.append(value);
        i = close + 1;
      } else if (c == '}') {
        if (i + 1 < n && template.charAt(i + 1) == '}') {
          out.append('}');
          i += 2;
          continue;
        }
        throw new AgentDojoException("format: single '}' at offset " + i);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isIdentifier(String name) {
    if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
      return false;
    }
    for (int k = 1; k < name.length(); k++) {
      char ch = name.charAt(k);
      if (!(Character.isLetterOrDigit(ch) || ch == '_')) {
        return false;
      }
    }
    return true;
  }
}
