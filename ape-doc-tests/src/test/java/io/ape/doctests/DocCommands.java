package io.ape.doctests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code ape} commands a document shows, with what the text claims about each.
 *
 * <p>Two kinds of blocks hold commands:
 *
 * <ul>
 *   <li><b>Command blocks</b> ({@code ```sh}, {@code ```bash}, {@code ```shell}): every line
 *       whose command is {@code ./ape ...} or {@code ape ...} (also inside {@code <(...)}) runs.
 *       Other lines ({@code mvn}, {@code java}, ...) are not run. A trailing comment may state
 *       the exit code ({@code # 3: why}) or the decision ({@code # DENY: why}); without one the
 *       command must exit 0.</li>
 *   <li><b>Transcripts</b> (any block with lines starting with {@code $ }): every
 *       {@code $ command} runs ({@code ape} in-process, anything else in {@code bash}); the lines
 *       after it, up to the next {@code $ }, are its output as a terminal shows it. Each shown
 *       line must appear in the real output, in order (other lines may come between). A line
 *       {@code ...} stands for any lines; {@code ...} inside a line for any text; runs of spaces
 *       compare equal. The exit code is stated by {@code ; echo $?} (or a following
 *       {@code $ echo $?}) and the number shown, or by a trailing comment; otherwise it must be
 *       0.</li>
 * </ul>
 *
 * <p>Commands run in document order, in one working directory per document that looks like the
 * repository root (a copy of {@code policies/}, links to the modules, and the files of
 * {@code ape-doc-tests/src/test/resources/doc-fixtures/<document path>/}). {@code ~} is that
 * directory's {@code home/}. A block annotated {@code <!-- cli: needs-mcp-servers -->} runs
 * only where the MCP reference servers are installed (see {@link DocCommandsTest}). A block
 * that cannot run anywhere a test can (a command against a remote database, say) is annotated
 * {@code <!-- cli: not-run REASON -->}: its commands are reported as skipped tests, with the
 * reason.
 */
final class DocCommands {
  private static final Set<String> COMMAND_LANGS = Set.of("sh", "bash", "shell", "console");
  private static final Pattern SUBSTITUTION = Pattern.compile("<\\(\\s*((?:\\./)?ape\\s[^)]*)\\)");
  private static final Pattern EXIT_CLAIM = Pattern.compile("^(\\d+)(?::.*)?$");
  private static final Pattern OUTCOME_CLAIM = Pattern.compile("^(ALLOW|DENY|ESCALATE)\\b.*");

  private DocCommands() {}

  /** One step of a document: a command, where it is, and what the text claims. */
  record Step(Docs.Block block, int line, String text, boolean ape, List<String> args,
      String shell, String stdoutFile, int expectedExit, String expectedOutcome,
      List<String> shownOutput) {
    /** Why the step is shown but not run ({@code <!-- cli: not-run REASON -->}), or null. */
    String notRun() {
      for (String a : block.annotations("cli")) {
        if (a.startsWith("not-run")) {
          String reason = a.substring("not-run".length()).strip();
          return reason.isEmpty() ? "(no reason given)" : reason;
        }
      }
      return null;
    }

    String where() {
      return Docs.root().relativize(block.file()) + ":" + line;
    }

    @Override
    public String toString() {
      return where() + " " + text;
    }
  }

  /** The steps of one document (in order). */
  static List<Step> steps(Path doc, Path sandbox, boolean withMcpServerBlocks) {
    List<Step> out = new ArrayList<>();
    for (Docs.Block b : Docs.blocks(doc)) {
      boolean needsServers = b.annotations("cli").contains("needs-mcp-servers");
      if (needsServers != withMcpServerBlocks) {
        continue;
      }
      List<String> lines = b.text().lines().toList();
      if (lines.stream().anyMatch(l -> l.startsWith("$ "))) {
        out.addAll(transcript(b, lines, sandbox));
      } else if (COMMAND_LANGS.contains(b.lang())) {
        out.addAll(commandBlock(b, lines, sandbox));
      }
    }
    return out;
  }

  /** Every block that would produce steps (for the tests that count them). */
  static Stream<Docs.Block> commandBlocks() {
    return Docs.blocks().stream().filter(b -> b.text().lines().anyMatch(l -> l.startsWith("$ "))
        || COMMAND_LANGS.contains(b.lang()) && b.text().lines().anyMatch(l -> isApe(l)));
  }

  private static boolean isApe(String line) {
    String l = line.strip();
    return l.startsWith("./ape ") || l.startsWith("ape ") || l.equals("./ape")
        || SUBSTITUTION.matcher(l).find();
  }

  private static List<Step> commandBlock(Docs.Block b, List<String> lines, Path sandbox) {
    List<Step> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int first = i;
      while (line.endsWith("\\") && i + 1 < lines.size()) {
        line = line.substring(0, line.length() - 1) + " " + lines.get(++i).strip();
      }
      if (!isApe(line)) {
        continue;
      }
      Matcher sub = SUBSTITUTION.matcher(line);
      String command = sub.find() ? sub.group(1) : line.strip();
      ShellLine parsed = parse(b, b.fileLine(first), command, sandbox);
      out.add(apeStep(b, b.fileLine(first), line.strip(), parsed, null, List.of()));
    }
    return out;
  }

  private static List<Step> transcript(Docs.Block b, List<String> lines, Path sandbox) {
    List<Step> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("$ ")) {
        continue;
      }
      int first = i;
      List<String> shown = new ArrayList<>();
      while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("$ ")) {
        shown.add(lines.get(++i));
      }
      String command = line.substring(2).strip();
      if (command.equals("echo $?")) {
        continue; // the exit code of the previous step, taken into account there
      }
      Integer echoed = null;
      if (i + 1 < lines.size() && lines.get(i + 1).substring(2).strip().equals("echo $?")) {
        int j = i + 2;
        if (j < lines.size() && lines.get(j).strip().matches("\\d+")) {
          echoed = Integer.parseInt(lines.get(j).strip());
        }
      }
      String firstWord = command.split("\\s+", 2)[0];
      if (!firstWord.equals("ape") && !firstWord.equals("./ape")) {
        int hash = command.indexOf(" #");
        String shellText = hash >= 0 ? command.substring(0, hash).strip() : command;
        int exit = echoed != null ? echoed
            : claimedExit(hash >= 0 ? command.substring(hash + 2).strip() : null);
        out.add(new Step(b, b.fileLine(first), command, false, List.of(), shellText, null, exit,
            null, shown));
        continue;
      }
      ShellLine parsed = parse(b, b.fileLine(first), command, sandbox);
      if (parsed.echoStatus()) {
        if (shown.isEmpty() || !shown.get(shown.size() - 1).strip().matches("\\d+")) {
          throw new IllegalStateException(Docs.root().relativize(b.file()) + ":"
              + b.fileLine(first) + ": '; echo $?' but the last line shown is not a number");
        }
        echoed = Integer.parseInt(shown.remove(shown.size() - 1).strip());
      }
      out.add(apeStep(b, b.fileLine(first), command, parsed, echoed, shown));
    }
    return out;
  }

  private static ShellLine parse(Docs.Block b, int line, String command, Path sandbox) {
    try {
      return ShellLine.parse(command, sandbox);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Docs.root().relativize(b.file()) + ":" + line + ": "
          + e.getMessage(), e);
    }
  }

  private static Step apeStep(Docs.Block b, int line, String text, ShellLine parsed,
      Integer echoed, List<String> shown) {
    List<String> words = parsed.words();
    if (words.isEmpty() || !(words.get(0).equals("ape") || words.get(0).equals("./ape"))) {
      throw new IllegalStateException(Docs.root().relativize(b.file()) + ":" + line
          + ": not an ape command: " + text);
    }
    int exit = echoed != null ? echoed : claimedExit(parsed.comment());
    String outcome = null;
    if (parsed.comment() != null) {
      Matcher m = OUTCOME_CLAIM.matcher(parsed.comment());
      if (m.matches()) {
        outcome = m.group(1);
      }
    }
    return new Step(b, line, text, true, words.subList(1, words.size()), null,
        parsed.stdoutFile(), exit, outcome, shown);
  }

  private static int claimedExit(String comment) {
    if (comment != null) {
      Matcher m = EXIT_CLAIM.matcher(comment);
      if (m.matches()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return 0;
  }

  /**
   * Whether {@code actual} shows every line of {@code shown} in order (see the class comment).
   *
   * @return {@code null} if it does, else the first shown line that is missing
   */
  static String firstMissingLine(List<String> shown, List<String> actual) {
    int at = 0;
    for (String s : shown) {
      String want = normalise(s);
      if (want.isEmpty() || want.equals("...")) {
        continue;
      }
      boolean found = false;
      while (at < actual.size()) {
        String have = normalise(actual.get(at++));
        if (matches(want, have)) {
          found = true;
          break;
        }
      }
      if (!found) {
        return s;
      }
    }
    return null;
  }

  private static boolean matches(String want, String have) {
    if (!want.contains("...")) {
      return want.equals(have);
    }
    String[] parts = want.split("\\.\\.\\.", -1);
    int pos = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].strip();
      if (p.isEmpty()) {
        continue;
      }
      int found = have.indexOf(p, pos);
      if (found < 0 || (i == 0 && !want.startsWith("...") && found != 0)) {
        return false;
      }
      pos = found + p.length();
    }
    return want.endsWith("...") || parts[parts.length - 1].isBlank()
        || have.endsWith(parts[parts.length - 1].strip());
  }

  static String normalise(String line) {
    return line.strip().replaceAll("\\s+", " ");
  }

  /** Whether the working directory of documents can use the MCP reference servers. */
  static boolean mcpServersInstalled() {
    return Files.isRegularFile(Docs.root().resolve(
        ".mcp-servers/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js"));
  }
}
