package io.ape.doctests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One shell command line as documentation writes it: words with {@code '...'} and
 * {@code "..."} quoting and backslash escapes, a trailing {@code # comment}, an optional
 * {@code > FILE} (or {@code 2> FILE}, ignored) redirection, an optional {@code ; echo $?}, and
 * {@code ~} and {@code *} expanded in the document's working directory. Anything else a shell
 * would interpret ({@code |}, {@code &&}, {@code $(...)}, ...) is refused, so that a test never
 * silently runs something other than what the reader sees.
 *
 * @param words the command's words after expansion
 * @param comment the trailing comment without {@code #}, or {@code null}
 * @param stdoutFile where {@code >} sends standard output, or {@code null}
 * @param echoStatus whether the line ends with {@code ; echo $?}
 * @param shellText the line without comment, for commands that run in {@code bash}
 */
record ShellLine(List<String> words, String comment, String stdoutFile, boolean echoStatus,
    String shellText) {

  static ShellLine parse(String line, Path dir) {
    List<String> words = new ArrayList<>();
    List<Boolean> expandable = new ArrayList<>();
    String comment = null;
    boolean echo = false;
    StringBuilder word = null;
    boolean quoted = false;
    int commentAt = line.length();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (word == null && Character.isWhitespace(c)) {
        continue;
      }
      if (word == null && c == '#') {
        comment = line.substring(i + 1).strip();
        commentAt = i;
        break;
      }
      if (word == null && c == ';') {
        String rest = line.substring(i + 1).strip();
        int hash = rest.indexOf(" #");
        String cmd = hash >= 0 ? rest.substring(0, hash).strip() : rest;
        if (!cmd.equals("echo $?")) {
          throw new IllegalArgumentException("only '; echo $?' may follow a command: " + line);
        }
        echo = true;
        if (hash >= 0) {
          comment = rest.substring(hash + 2).strip();
        }
        commentAt = i;
        break;
      }
      if (word != null && c == ';') {
        words.add(word.toString());
        expandable.add(!quoted);
        word = null;
        i--;
        continue;
      }
      if (word == null) {
        word = new StringBuilder();
        quoted = false;
      }
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed ' in: " + line);
        }
        word.append(line, i + 1, end);
        quoted = true;
        i = end;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < line.length() && line.charAt(j) != '"'; j++) {
          char d = line.charAt(j);
          if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
            word.append(line.charAt(++j));
          } else if (d == '$' || d == '`') {
            throw new IllegalArgumentException("no expansions in doc commands: " + line);
          } else {
            word.append(d);
          }
        }
        if (j >= line.length()) {
          throw new IllegalArgumentException("unclosed \" in: " + line);
        }
        quoted = true;
        i = j;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        quoted = true;
      } else if ("|&$`(){}<".indexOf(c) >= 0) {
        throw new IllegalArgumentException("unsupported shell syntax '" + c + "' in: " + line);
      } else if (Character.isWhitespace(c)) {
        words.add(word.toString());
        expandable.add(!quoted);
        word = null;
      } else {
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
      expandable.add(!quoted);
    }
    String stdout = null;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      boolean expand = expandable.get(i);
      if (expand && (w.equals(">") || w.equals("2>")) && i + 1 < words.size()) {
        String target = expandTilde(words.get(++i), dir);
        if (w.equals(">")) {
          stdout = target;
        }
        continue;
      }
      if (expand && w.startsWith(">") && w.length() > 1) {
        stdout = expandTilde(w.substring(1), dir);
        continue;
      }
      if (expand && w.startsWith("2>")) {
        continue;
      }
      if (!expand) {
        out.add(w);
      } else if (w.contains("*")) {
        out.addAll(glob(expandTilde(w, dir), dir));
      } else {
        out.add(expandTilde(w, dir));
      }
    }
    return new ShellLine(List.copyOf(out), comment, stdout, echo,
        line.substring(0, commentAt).strip());
  }

  private static String expandTilde(String w, Path dir) {
    if (w.equals("~") || w.startsWith("~/")) {
      return dir.resolve("home").toString() + w.substring(1);
    }
    return w;
  }

  /** The files matching {@code pattern} (relative to {@code dir}), sorted, as the shell would. */
  private static List<String> glob(String pattern, Path dir) {
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    int depth = pattern.split("/").length;
    try (Stream<Path> files = Files.walk(dir, depth)) {
      List<String> found = files.map(p -> dir.relativize(p).toString())
          .filter(p -> m.matches(Path.of(p))).sorted().toList();
      if (found.isEmpty()) {
        throw new IllegalArgumentException("no file matches " + pattern);
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
