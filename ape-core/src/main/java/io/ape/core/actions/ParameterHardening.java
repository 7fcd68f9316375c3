package io.ape.core.actions;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules APE applies to the parameters of every action on top of its schema (a partial fix of
 * the Python original's WEAK-32, where schemas constrain nothing that matters):
 * <ul>
 *   <li>no string anywhere (value or key, at any depth) may contain U+0000: no tool has a use for
 *       it, and C-based file and process APIs truncate at it;</li>
 *   <li>a top-level string parameter named {@code path}, {@code directory} or
 *       {@code working_directory} may contain no control character (U+0000-U+001F, U+007F,
 *       U+0080-U+009F) and at most {@value #MAX_PATH_CHARS} characters.</li>
 * </ul>
 * Path containment ({@code ..}, absolute paths, symlinks) is the policy's job
 * ({@code path_within}), not the schema's.
 */
final class ParameterHardening {
  static final int MAX_PATH_CHARS = 4096;
  private static final Set<String> PATH_PARAMETERS = Set.of("path", "directory",
      "working_directory");

  private ParameterHardening() {}

  static void check(Map<String, Object> parameters, ValidationErrors errors) {
    for (Map.Entry<String, Object> e : parameters.entrySet()) {
      String key = e.getKey();
      String location = Printable.text(key);
      if (key.indexOf('\0') >= 0) {
        errors.add("", "a parameter name contains a NUL character");
      }
      Object v = e.getValue();
      if (PATH_PARAMETERS.contains(key) && v instanceof String s) {
        if (s.length() > MAX_PATH_CHARS) {
          errors.add(location, "longer than " + MAX_PATH_CHARS + " characters");
        }
        if (hasControl(s)) {
          errors.add(location, "contains a control character");
        }
      } else {
        checkNul(v, location, errors);
      }
    }
  }

  private static void checkNul(Object v, String location, ValidationErrors errors) {
    if (v instanceof String s) {
      if (s.indexOf('\0') >= 0) {
        errors.add(location, "contains a NUL character");
      }
    } else if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = (String) e.getKey();
        if (key.indexOf('\0') >= 0) {
          errors.add(location, "a key contains a NUL character");
        }
        checkNul(e.getValue(), location + "." + Printable.text(key), errors);
      }
    } else if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        checkNul(l.get(i), location + "[" + i + "]", errors);
      }
    }
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
        return true;
      }
    }
    return false;
  }
}
