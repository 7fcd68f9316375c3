package io.ape.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * POSIX path arithmetic for {@code path_within}, on strings, identical on every platform.
 */
public final class PosixPaths {
  private PosixPaths() {}

  /**
   * Lexically normalises an absolute path: collapses repeated {@code /}, removes {@code .}
   * segments, resolves {@code ..} against the preceding segment (never above {@code /}) and
   * drops a trailing {@code /}. Allocation-free when the path is already normal.
   *
   * @param path a path starting with {@code /}
   */
  public static String normalize(String path) {
    if (isNormal(path)) {
      return path;
    }
    // Append each kept segment as "/seg"; ".." removes the last one (segments have no '/').
    StringBuilder sb = new StringBuilder(path.length());
    int start = 1;
    for (int i = 1; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        int len = i - start;
        if (len == 0 || (len == 1 && path.charAt(start) == '.')) {
          // an empty or "." segment: skip
        } else if (len == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
          sb.setLength(Math.max(0, sb.lastIndexOf("/")));
        } else {
          sb.append('/').append(path, start, i);
        }
        start = i + 1;
      }
    }
    return sb.length() == 0 ? "/" : sb.toString();
  }

  public static boolean isNormal(String p) {
    int n = p.length();
    if (n == 1) {
      return true;
    }
    if (p.charAt(n - 1) == '/') {
      return false;
    }
    int segStart = 1;
    for (int i = 1; i <= n; i++) {
      if (i == n || p.charAt(i) == '/') {
        int len = i - segStart;
        if (len == 0 || (len == 1 && p.charAt(segStart) == '.')
            || (len == 2 && p.charAt(segStart) == '.' && p.charAt(segStart + 1) == '.')) {
          return false;
        }
        segStart = i + 1;
      }
    }
    return true;
  }

  /**
   * Whether {@code path} (absolute, not necessarily normal), once {@linkplain #normalize
   * normalised}, is {@code base} (normal) or below it: the same answer as
   * {@code isWithin(normalize(path), base)}, without building the normalised string. The
   * segments of the normal form are walked from the end ({@code ..} skips the segment before
   * it), counted, then walked again to compare the first ones with the base's.
   */
  public static boolean isWithinNormalized(String path, String base) {
    if (base.length() == 1) {
      return true; // base is "/"
    }
    if (isNormal(path)) {
      return isWithin(path, base);
    }
    int baseSegments = 0;
    for (int i = 0; i < base.length(); i++) {
      if (base.charAt(i) == '/') {
        baseSegments++;
      }
    }
    int total = countNormalSegments(path);
    if (total < baseSegments) {
      return false;
    }
    // Walk the normal segments from the end again; skip the last (total - baseSegments), then
    // compare the rest with the base's segments, also from the end.
    int toSkip = total - baseSegments;
    int baseEnd = base.length();
    int pending = 0;
    int end = path.length();
    while (end > 0) {
      int start = path.lastIndexOf('/', end - 1) + 1;
      int len = end - start;
      if (len == 0 || (len == 1 && path.charAt(start) == '.')) {
        // empty or "." segment
      } else if (len == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
        pending++;
      } else if (pending > 0) {
        pending--;
      } else if (toSkip > 0) {
        toSkip--;
      } else {
        int baseStart = base.lastIndexOf('/', baseEnd - 1) + 1;
        if (baseEnd - baseStart != len || !path.regionMatches(start, base, baseStart, len)) {
          return false;
        }
        baseEnd = baseStart - 1;
      }
      end = start - 1;
    }
    return baseEnd <= 0;
  }

  /** The number of segments of the normal form of an absolute path. */
  private static int countNormalSegments(String path) {
    int count = 0;
    int pending = 0;
    int end = path.length();
    while (end > 0) {
      int start = path.lastIndexOf('/', end - 1) + 1;
      int len = end - start;
      if (len == 0 || (len == 1 && path.charAt(start) == '.')) {
        // skip
      } else if (len == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
        pending++;
      } else if (pending > 0) {
        pending--;
      } else {
        count++;
      }
      end = start - 1;
    }
    return count;
  }

  /** {@code true} if the normalised {@code path} is {@code base} or below it. */
  public static boolean isWithin(String path, String base) {
    if (base.length() == 1) {
      return true; // base is "/"
    }
    return path.startsWith(base)
        && (path.length() == base.length() || path.charAt(base.length()) == '/');
  }

  /**
   * Resolves symbolic links the way the operating system would when opening {@code raw}, and
   * refuses what it cannot resolve safely. Each existing component is replaced by its real path
   * ({@code ..} then applies to the real parent). The first missing component and the plain
   * segments after it are appended as they are (a missing directory holds no links), but a
   * {@code ..} after a missing component, or after a component that is not a directory, is
   * refused: the kernel would fail on it, while a tool that normalises the path as text first
   * would cancel the missing component and follow a link instead
   * ({@code <base>/missing/../link/secret} is {@code <base>/link/secret}).
   *
   * @throws IOException if a component exists but cannot be resolved (a dangling symbolic link,
   *     a permission problem), or the path cannot be resolved safely as above
   */
  public static String resolveSymlinks(String raw) throws IOException {
    Path current = Path.of("/").toRealPath();
    boolean currentIsDirectory = true;
    StringBuilder missing = null;
    for (String seg : raw.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (missing != null || !currentIsDirectory) {
          throw new IOException("cannot resolve '..' after "
              + (missing != null ? "the missing component " + missing.substring(1)
                  : "the non-directory " + current) + " safely");
        }
        Path parent = current.getParent();
        if (parent != null) {
          current = parent;
        }
        continue;
      }
      if (missing != null) {
        missing.append('/').append(seg);
        continue;
      }
      Path next = current.resolve(seg);
      if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        missing = new StringBuilder().append('/').append(seg);
        continue;
      }
      current = next.toRealPath();
      currentIsDirectory = Files.isDirectory(current);
    }
    String joined = (current.toString() + (missing == null ? "" : missing)).replace('\\', '/');
    return normalize(joined.startsWith("/") ? joined : "/" + joined);
  }
}
