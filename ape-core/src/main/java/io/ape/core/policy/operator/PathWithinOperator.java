package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.core.internal.PosixPaths;
import io.ape.spi.ConditionOperator;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code path_within}: the value is an absolute POSIX path that, once normalised, is one of the
 * base directories or below it. {@code /tmp/../etc/passwd} normalises to {@code /etc/passwd}
 * and fails {@code /tmp}; {@code /tmpfoo} fails {@code /tmp} (segments are compared, not
 * characters).
 *
 * <p>Argument forms:
 * <pre>{@code
 * path_within: /srv/data
 * path_within: [/srv/data, /tmp]
 * path_within: {base: [/srv/data], resolve_symlinks: true}
 * }</pre>
 *
 * <p>Lexical mode (the default) does not touch the file system; it is exact unless a
 * symbolic link inside a base points outside it. With {@code resolve_symlinks: true} the
 * bases are resolved once at load and every value is resolved at evaluation, the way the
 * operating system would open it (a dangling link or an I/O error fails the condition); a
 * file system that changes between the check and the use can still race it (TOCTOU), so
 * tools should open files with {@code O_NOFOLLOW} or inside a sandbox where that matters.
 *
 * <p>Refused values: non-strings, relative paths (the engine cannot know the tool's working
 * directory), paths containing a backslash (a separator on Windows, a name character on
 * POSIX: ambiguous), empty strings, and anything failing the strict {@link StringChecks}
 * (NUL bytes in particular). Paths are POSIX paths on every platform.
 */
final class PathWithinOperator implements ConditionOperator {
  static final String NAME = "path_within";
  private static final List<String> KEYS = List.of("base", "resolve_symlinks");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    Object argument = spec.argument();
    Object bases = argument;
    boolean resolve = false;
    if (argument instanceof Map<?, ?> map) {
      Arguments.onlyKeys(spec, map, KEYS);
      bases = map.get("base");
      if (bases == null) {
        throw Arguments.invalid(spec, "path_within: the 'base' key is required");
      }
      Object flag = map.get("resolve_symlinks");
      if (flag != null && !(flag instanceof Boolean)) {
        throw Arguments.invalid(spec, "path_within: resolve_symlinks must be true or false, got "
            + Values.printable(flag));
      }
      resolve = Boolean.TRUE.equals(flag);
    }
    List<String> normalized = new ArrayList<>();
    for (String base : Arguments.stringOrList(spec, bases, "base directory")) {
      if (!base.startsWith("/")) {
        throw Arguments.invalid(spec, "path_within: the base " + Values.printable(base)
            + " is not an absolute path (it must start with '/')");
      }
      if (base.indexOf('\\') >= 0) {
        throw Arguments.invalid(spec, "path_within: the base " + Values.printable(base)
            + " contains a backslash");
      }
      normalized.add(resolve ? resolveBase(spec, base) : PosixPaths.normalize(base));
    }
    return new Compiled(normalized.toArray(new String[0]), List.copyOf(normalized), resolve);
  }

  private static String resolveBase(ConditionSpec spec, String base) {
    try {
      return PosixPaths.resolveSymlinks(base);
    } catch (NoSuchFileException e) {
      throw Arguments.invalid(spec, "path_within: the base " + Values.printable(base)
          + " contains a dangling symbolic link (" + e.getFile() + ")");
    } catch (IOException | RuntimeException e) {
      throw Arguments.invalid(spec, "path_within: cannot resolve symbolic links in the base "
          + Values.printable(base) + ": " + e);
    }
  }

  private static final class Compiled extends StringCondition {
    private final String[] bases;
    private final String expected;
    private final boolean resolve;

    Compiled(String[] bases, List<String> baseList, boolean resolve) {
      super(false);
      this.bases = bases;
      this.expected = Values.oneOrAnyOf(baseList);
      this.resolve = resolve;
    }

    @Override
    boolean holds(String value) {
      if (value.isEmpty() || value.charAt(0) != '/' || value.indexOf('\\') >= 0) {
        return false;
      }
      if (!resolve) {
        for (String base : bases) {
          if (PosixPaths.isWithinNormalized(value, base)) {
            return true; // no normalised copy of the value is built
          }
        }
        return false;
      }
      String path;
      try {
        path = PosixPaths.resolveSymlinks(value);
      } catch (IOException | RuntimeException e) {
        return false;
      }
      for (String base : bases) {
        if (PosixPaths.isWithin(path, base)) {
          return true;
        }
      }
      return false;
    }

    @Override
    boolean refusesString(String value) {
      if (value.isEmpty() || value.charAt(0) != '/' || value.indexOf('\\') >= 0) {
        return true;
      }
      if (resolve) {
        try {
          PosixPaths.resolveSymlinks(value);
        } catch (IOException | RuntimeException e) {
          return true;
        }
      }
      return false;
    }

    @Override
    String describe(String value) {
      if (value.isEmpty() || value.charAt(0) != '/') {
        return "value " + Values.printable(value)
            + " is not an absolute path (path_within needs a path starting with '/')";
      }
      if (value.indexOf('\\') >= 0) {
        return "value " + Values.printable(value) + " contains a backslash (refused by path_within)";
      }
      String path;
      if (resolve) {
        try {
          path = PosixPaths.resolveSymlinks(value);
        } catch (IOException | RuntimeException e) {
          return "value " + Values.printable(value) + " cannot be resolved: " + e;
        }
      } else {
        path = PosixPaths.normalize(value);
      }
      return "value " + Values.printable(value)
          + (path.equals(value) ? "" : " (" + (resolve ? "resolved" : "normalised") + " to "
              + Values.printable(path) + ")")
          + " is not within " + expected;
    }
  }
}
