package io.ape.doctests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The documentation of the repository and its fenced blocks.
 *
 * <p>The documents are {@code README.md}, {@code BENCHMARKS.md}, every {@code .md} file under
 * {@code docs/}, and every {@code README*.md} at the top of a module (a directory with a
 * {@code pom.xml}). A document added there is picked up without changing any test.
 *
 * <p>A block is a fenced code block ({@code ```lang} ... {@code ```}, possibly indented, as
 * inside a list item). The HTML comments on the lines right before its fence (blank lines
 * between them allowed) are its <em>annotations</em>, for example
 * {@code <!-- snippet: body(PolicyEngine engine) -->}.
 */
final class Docs {
  private static final Pattern OPEN = Pattern.compile("^( *)```([A-Za-z0-9_+-]*)\\s*$");
  private static final Pattern COMMENT = Pattern.compile("^\\s*<!--\\s*(.*?)\\s*-->\\s*$");

  private Docs() {}

  /** One fenced block. */
  record Block(Path file, int line, String lang, String text, List<String> annotations) {
    /** {@code README.md:12}: where the fence opens, relative to the repository root. */
    String where() {
      return root().relativize(file) + ":" + line;
    }

    /** The value of {@code <!-- snippet: VALUE -->}, or {@code null}. */
    String snippet() {
      for (String a : annotations) {
        if (a.startsWith("snippet:")) {
          return a.substring("snippet:".length()).strip();
        }
      }
      return null;
    }

    /** The annotations starting with {@code key:}, without the key. */
    List<String> annotations(String key) {
      List<String> out = new ArrayList<>();
      for (String a : annotations) {
        if (a.startsWith(key + ":")) {
          out.add(a.substring(key.length() + 1).strip());
        }
      }
      return out;
    }

    /** Line {@code i} (0-based) of the text is line {@code line() + 1 + i} of the file. */
    int fileLine(int textLine) {
      return line + 1 + textLine;
    }
  }

  /** The repository root: the first directory above the working directory with the parent POM. */
  static Path root() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml"))
          && Files.isRegularFile(dir.resolve("ape-api/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("the repository root is not above " + start);
  }

  /** Every document, in a stable order. */
  static List<Path> files() {
    Path root = root();
    List<Path> out = new ArrayList<>();
    out.add(root.resolve("README.md"));
    if (Files.isRegularFile(root.resolve("BENCHMARKS.md"))) {
      out.add(root.resolve("BENCHMARKS.md"));
    }
    try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
          .sorted().toList()) {
        try (Stream<Path> readmes = Files.list(module)) {
          readmes.filter(p -> {
            String name = p.getFileName().toString();
            return name.startsWith("README") && name.endsWith(".md");
          }).sorted().forEach(out::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The text of a document. */
  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every fenced block of every document. */
  static List<Block> blocks() {
    List<Block> out = new ArrayList<>();
    for (Path f : files()) {
      out.addAll(blocks(f));
    }
    return out;
  }

  /** Every fenced block of every document whose language is one of {@code langs}. */
  static List<Block> blocks(String... langs) {
    List<String> wanted = List.of(langs);
    return blocks().stream().filter(b -> wanted.contains(b.lang())).toList();
  }

  /** The fenced blocks of one document. */
  static List<Block> blocks(Path file) {
    List<String> lines = read(file).lines().toList();
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = OPEN.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      String indent = open.group(1);
      String lang = open.group(2).toLowerCase(Locale.ROOT);
      StringBuilder text = new StringBuilder();
      int j = i + 1;
      for (; j < lines.size(); j++) {
        String l = lines.get(j);
        if (l.strip().equals("```") && l.startsWith(indent)) {
          break;
        }
        text.append(l.startsWith(indent) ? l.substring(indent.length()) : l.stripLeading())
            .append('\n');
      }
      if (j == lines.size()) {
        throw new IllegalStateException(root().relativize(file) + ":" + (i + 1)
            + ": the fenced block is never closed");
      }
      out.add(new Block(file, i + 1, lang, text.toString(), annotationsAbove(lines, i)));
      i = j;
    }
    return out;
  }

  private static List<String> annotationsAbove(List<String> lines, int fence) {
    List<String> out = new ArrayList<>();
    for (int k = fence - 1; k >= 0; k--) {
      String l = lines.get(k);
      if (l.isBlank()) {
        continue;
      }
      Matcher c = COMMENT.matcher(l);
      if (!c.matches()) {
        break;
      }
      out.add(0, c.group(1));
    }
    return out;
  }
}
