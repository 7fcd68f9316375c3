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

  /** {@code true} if the normalised {@code path} is {@code base} or below it. */
  public static boolean isWithin(String path, String base) {
    if (base.length() == 1) {
      return true; // base is "/"
    }
    return path.startsWith(base)
        && (path.length() == base.length() || path.charAt(base.length()) == '/');
  }

  /**
   * Resolves symbolic links the way the operating system would when opening {@code raw}: each
   * existing component is replaced by its real path ({@code ..} then applies to the real
   * parent), and the first missing component and everything after it are appended lexically
   * (a missing component cannot be a link).
   *
   * @throws IOException if a component exists but cannot be resolved (for example a dangling
   *     symbolic link, or a permission problem)
   */
  public static String resolveSymlinks(String raw) throws IOException {
    Path current = Path.of("/").toRealPath();
    String[] segments = raw.split("/");
    int i = 0;
    for (; i < segments.length; i++) {
      String seg = segments[i];
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        Path parent = current.getParent();
        if (parent != null) {
          current = parent;
        }
        continue;
      }
      Path next = current.resolve(seg);
      if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        break;
      }
      current = next.toRealPath();
    }
    StringBuilder sb = new StringBuilder(current.toString());
    for (; i < segments.length; i++) {
      sb.append('/').append(segments[i]);
    }
    String joined = sb.toString().replace('\\', '/');
    return normalize(joined.startsWith("/") ? joined : "/" + joined);
  }
}
