package io.ape.core.compiler;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the values a prompt names: quoted text first (its content is classified as a URL,
 * e-mail, glob, path or plain text), then URLs, e-mail addresses, globs, paths and channels
 * outside quotes. Later kinds never overlap earlier ones. All patterns are RE2 (linear time)
 * and compiled once.
 *
 * <p>What counts as a path, deliberately conservative: anything starting with {@code /},
 * {@code ./}, {@code ../} or {@code ~/}; a Windows drive path; a relative path with a slash
 * that ends in {@code /}, has two slashes, or has a dot in a segment ({@code src/App.java});
 * a file name with a known extension ({@code config.json}, never {@code e.g.} or
 * {@code 1.0}); a well-known dot-file ({@code .env}). Library names such as {@code Node.js}
 * are not paths.
 */
final class EntityScanner {
  private static final String NAME = "[\\p{L}\\p{N}_~+@%-]";
  private static final String EXT = "(?:json|jsonl|ya?ml|toml|ini|cfg|conf|config|env|properties"
      + "|xml|csv|tsv|txt|text|md|markdown|rst|adoc|log|html?|css|scss|less|js|mjs|cjs|jsx|ts|tsx"
      + "|py|ipynb|java|kt|kts|scala|groovy|gradle|go|rs|rb|php|pl|c|h|cc|cpp|hpp|cs|swift"
      + "|sh|bash|zsh|fish|ps1|bat|cmd|sql|db|sqlite|pdf|docx?|xlsx?|pptx?|odt|ods|rtf|png|jpe?g"
      + "|gif|svg|webp|bmp|ico|tiff?|mp3|mp4|wav|mov|zip|tar|gz|tgz|bz2|xz|7z|rar|jar|war|lock"
      + "|bak|tmp|dat|bin|parquet|avro|tf|tfvars|pem|crt|cer|key|pub|out|err|dockerfile|vue"
      + "|svelte|lua|dart|clj|sum|mod|plist|service|diff|patch)";
  private static final String DOTFILES = "(?:env(?:\\.[\\w-]+)?|gitignore|gitattributes|gitmodules"
      + "|bashrc|bash_profile|zshrc|profile|npmrc|yarnrc|nvmrc|dockerignore|editorconfig"
      + "|prettierrc|eslintrc|babelrc|vimrc|netrc|pgpass|htaccess|ssh|aws|kube|gnupg|config"
      + "|github|vscode|idea)";

  private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"([^\"\\n]+)\"");
  private static final Pattern CURLY_QUOTED =
      Pattern.compile("\\x{201C}([^\\x{201D}\\n]+)\\x{201D}");
  private static final Pattern BACKTICKED = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern SINGLE_QUOTED = Pattern.compile("['\\x{2018}]([^'\\x{2019}\\n]+)['\\x{2019}]");
  private static final Pattern URL = Pattern.compile(
      "(?i)\\b(?:https?|ftp|wss?|file)://[^\\s\"'<>`\\x{201C}\\x{201D}\\x{2018}\\x{2019}]+");
  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24}");
  private static final Pattern GLOB = Pattern.compile(
      "(?:^|[\\s(\\[,;:=])([\\p{L}\\p{N}_./~-]*\\*[\\p{L}\\p{N}_./*~?-]*)");
  private static final Pattern ROOTED_PATH = Pattern.compile(
      "(?:^|[\\s(\\[,;:=])((?:~|\\.{1,2})?/(?:" + NAME + "|[./])*|[A-Za-z]:[\\\\/](?:" + NAME
          + "|[./\\\\])*)");
  private static final Pattern RELATIVE_PATH = Pattern.compile(
      "(?:^|[\\s(\\[,;:=])((?:" + NAME + "|\\.)+(?:/(?:" + NAME + "|\\.)*)+)");
  private static final Pattern FILE_NAME = Pattern.compile(
      "(?i)(?:^|[^\\p{L}\\p{N}_./\\\\-])([\\p{L}\\p{N}_-][\\p{L}\\p{N}_.-]*\\." + EXT
          + ")(?:$|[^\\p{L}\\p{N}_])");
  private static final Pattern DOT_FILE = Pattern.compile(
      "(?i)(?:^|[\\s(\\[,;:=])(\\." + DOTFILES + ")(?:$|[^\\p{L}\\p{N}_.-])");
  private static final Pattern CHANNEL = Pattern.compile("(?:^|[\\s(,])(#[A-Za-z][\\w-]{0,79})");
  private static final Pattern WHOLE_URL = Pattern.compile("(?i)^(?:https?|ftp|wss?|file)://\\S+$");
  private static final Pattern WHOLE_EMAIL = Pattern.compile(
      "^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24}$");
  private static final Pattern WHOLE_FILE = Pattern.compile(
      "(?i)^[^\\n]*[^\\s/.]\\." + EXT + "$");
  private static final Pattern WHOLE_PATH = Pattern.compile(
      "^(?:(?:~|\\.{1,2})?/|[A-Za-z]:[\\\\/])[^\\s]*$|^[^\\s/]+(?:/[^\\s/]*)+$");
  private static final Pattern WHOLE_GLOB = Pattern.compile("^[^\\s]*\\*[^\\s]*$");
  private static final Set<String> LIBRARY_NAMES = Set.of("node.js", "vue.js", "next.js",
      "nuxt.js", "react.js", "express.js", "d3.js", "three.js", "chart.js", "angular.js",
      "ember.js", "backbone.js", "nest.js", "deno.js", "socket.io", "asp.net", "ado.net");
  private static final int MAX_QUOTED_CHARS = 1024;
  private static final String TRAILING_PUNCTUATION = ".,;:!?)]}'\"";

  private EntityScanner() {}

  static ScannedPrompt scan(String text) {
    List<Entity> accepted = new ArrayList<>();
    quoted(text, DOUBLE_QUOTED, accepted, false);
    quoted(text, CURLY_QUOTED, accepted, false);
    quoted(text, BACKTICKED, accepted, false);
    quoted(text, SINGLE_QUOTED, accepted, true);
    scanUrls(text, accepted);
    scanEmails(text, accepted);
    scanGroup(text, GLOB, EntityKind.GLOB, accepted);
    scanGroup(text, ROOTED_PATH, EntityKind.PATH, accepted);
    scanRelativePaths(text, accepted);
    scanGroup(text, FILE_NAME, EntityKind.PATH, accepted);
    scanGroup(text, DOT_FILE, EntityKind.PATH, accepted);
    scanGroup(text, CHANNEL, EntityKind.CHANNEL, accepted);
    accepted.sort(Comparator.comparingInt(Entity::start));
    return new ScannedPrompt(text, accepted);
  }

  private static void quoted(String text, Pattern p, List<Entity> out, boolean apostrophes) {
    Matcher m = p.matcher(text);
    int from = 0;
    while (from < text.length() && m.find(from)) {
      int s = m.start();
      int e = m.end();
      if (apostrophes && !(isQuoteBoundary(text, s - 1) && isQuoteBoundary(text, e))) {
        from = s + 1;
        continue;
      }
      String inner = m.group(1);
      if (!overlapsAny(out, s, e) && !inner.isBlank() && inner.length() <= MAX_QUOTED_CHARS) {
        out.add(new Entity(classify(inner.strip()), s, e, inner.strip(), true));
      }
      from = e;
    }
  }

  /** A quote is a real quote, not an apostrophe, when the character beside it is not a letter. */
  private static boolean isQuoteBoundary(String text, int i) {
    return i < 0 || i >= text.length() || !Character.isLetterOrDigit(text.charAt(i));
  }

  private static EntityKind classify(String inner) {
    if (WHOLE_URL.matcher(inner).matches()) {
      return EntityKind.URL;
    }
    if (WHOLE_EMAIL.matcher(inner).matches()) {
      return EntityKind.EMAIL;
    }
    if (WHOLE_GLOB.matcher(inner).matches()) {
      return EntityKind.GLOB;
    }
    if (WHOLE_FILE.matcher(inner).matches() || WHOLE_PATH.matcher(inner).matches()) {
      return EntityKind.PATH;
    }
    return EntityKind.TEXT;
  }

  private static void scanUrls(String text, List<Entity> out) {
    Matcher m = URL.matcher(text);
    int from = 0;
    while (from < text.length() && m.find(from)) {
      int s = m.start();
      int e = trimEnd(text, s, m.end());
      if (e > s && !overlapsAny(out, s, e)) {
        out.add(new Entity(EntityKind.URL, s, e, text.substring(s, e), false));
      }
      from = Math.max(m.end(), s + 1);
    }
  }

  private static void scanEmails(String text, List<Entity> out) {
    Matcher m = EMAIL.matcher(text);
    int from = 0;
    while (from < text.length() && m.find(from)) {
      int s = m.start();
      int e = m.end();
      boolean leftBoundary = s == 0 || "._%+-".indexOf(text.charAt(s - 1)) < 0
          && !Character.isLetterOrDigit(text.charAt(s - 1));
      if (leftBoundary && !overlapsAny(out, s, e)) {
        out.add(new Entity(EntityKind.EMAIL, s, e, text.substring(s, e), false));
      }
      from = e;
    }
  }

  private static void scanGroup(String text, Pattern p, EntityKind kind, List<Entity> out) {
    Matcher m = p.matcher(text);
    int from = 0;
    while (from < text.length() && m.find(from)) {
      int s = m.start(1);
      int e = kind == EntityKind.CHANNEL ? m.end(1) : trimEnd(text, s, m.end(1));
      String value = text.substring(s, e);
      if (e > s && !overlapsAny(out, s, e) && accept(kind, value)) {
        out.add(new Entity(kind, s, e, value, false));
      }
      from = Math.max(m.end(1), s + 1);
    }
  }

  private static boolean accept(EntityKind kind, String value) {
    if (kind == EntityKind.GLOB) {
      boolean emphasis = value.startsWith("*") && value.endsWith("*")
          && value.indexOf('.') < 0 && value.indexOf('/') < 0;
      return !value.replace("*", "").isEmpty() && !emphasis;
    }
    if (kind == EntityKind.PATH) {
      return !LIBRARY_NAMES.contains(value.toLowerCase(Locale.ROOT));
    }
    return true;
  }

  private static void scanRelativePaths(String text, List<Entity> out) {
    Matcher m = RELATIVE_PATH.matcher(text);
    int from = 0;
    while (from < text.length() && m.find(from)) {
      int s = m.start(1);
      int e = trimEnd(text, s, m.end(1));
      String value = text.substring(s, e);
      if (e > s && !overlapsAny(out, s, e) && looksLikeRelativePath(value)) {
        out.add(new Entity(EntityKind.PATH, s, e, value, false));
      }
      from = Math.max(m.end(1), s + 1);
    }
  }

  /** Rules out "and/or", "TCP/IP", "24/7": needs a trailing slash, two slashes or a dotted segment. */
  private static boolean looksLikeRelativePath(String value) {
    if (value.endsWith("/")) {
      return true;
    }
    int slashes = 0;
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) == '/') {
        slashes++;
      }
    }
    if (slashes >= 2) {
      return true;
    }
    for (String segment : value.split("/")) {
      if (segment.indexOf('.') > 0 && !segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static int trimEnd(String text, int start, int end) {
    int e = end;
    while (e > start + 1 && TRAILING_PUNCTUATION.indexOf(text.charAt(e - 1)) >= 0) {
      e--;
    }
    return e;
  }

  private static boolean overlapsAny(List<Entity> entities, int s, int e) {
    for (Entity x : entities) {
      if (x.overlaps(s, e)) {
        return true;
      }
    }
    return false;
  }
}
