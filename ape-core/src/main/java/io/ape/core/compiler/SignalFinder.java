package io.ape.core.compiler;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.ape.api.ActionCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the pattern table over a scanned prompt: each row in order, every non-overlapping match,
 * then marks negated phrases and phrases after instruction-override text. Stateless after
 * construction and thread-safe.
 */
final class SignalFinder {
  private static final double EXPLICIT_ID_CONFIDENCE = 0.9;
  private static final int NEGATION_WINDOW = 80;
  private static final Pattern CLAUSE_BREAK = Pattern.compile(
      "(?i)[.;,!?\\n]|\\b(?:and|then|but|or|after|before|also|however)\\b");
  private static final Pattern CLAUSE_START = Pattern.compile(
      "(?i)[.;!?\\n,]|\\b(?:and|then|but|however|also|after|before)\\b");
  private static final Set<String> NEGATIONS = Set.of("not", "never", "don't", "dont", "no",
      "without", "nor", "avoid", "cannot", "can't", "cant", "won't", "wont", "shouldn't",
      "mustn't", "stop", "refrain", "doesn't", "didn't", "isn't", "aren't", "neither");
  private static final Pattern WORDS = Pattern.compile("[\\p{L}\\p{N}']+");
  private static final String OVERRIDE_SOURCE = ("(?i)\\b(?:ignore|disregard|forget"
      + "|override|bypass|skip)\\s+(?:all\\s+|any\\s+|every\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+"
      + "|my\\s+|these\\s+|those\\s+)?(?:previous|prior|above|earlier|preceding|former|original"
      + "|system|safety|security|existing)\\s+(?:instructions?|prompts?|rules?|directions?"
      + "|guidelines?|guardrails?|polic(?:y|ies)|constraints?|messages?)\\b"
      + "|\\byou\\s+are\\s+now\\b|\\bnew\\s+instructions?\\s*:|\\bsystem\\s+prompt\\b"
      + "|<\\s*/?\\s*(?:system|instructions?|im_start|im_end)\\b|\\bdeveloper\\s+mode\\b"
      + "|\\bjailbreak\\b|\\b(?:act|pretend)\\s+as\\s+(?:if\\s+)?(?:you\\s+(?:are|were)\\s+)?"
      + "(?:an?\\s+)?(?:admin|administrator|root|developer|superuser)\\b");
  /**
   * The instruction-override phrases, matched against the prompt's {@link TextSkeleton} (so
   * that no-break and zero-width spaces, look-alike and full-width letters and combining marks
   * do not hide them).
   */
  private static final Pattern OVERRIDE = Pattern.compile(TextSkeleton.foldPattern(OVERRIDE_SOURCE));
  private static final Set<String> EMAIL_NOUNS = Set.of("address", "addresses", "inbox",
      "account", "accounts", "list", "lists", "thread", "threads", "server", "servers", "client",
      "settings", "filter", "filters", "template", "templates", "signature", "is", "was", "are");
  private static final Set<String> SCRIPT_EXTENSIONS = Set.of("py", "js", "mjs", "cjs", "sh",
      "bash");

  private final List<PatternEntry> table;
  private final Pattern explicitIds;

  SignalFinder(ActionCatalog catalog) {
    List<PatternEntry> rows = new ArrayList<>();
    for (PatternEntry e : PatternTable.entries()) {
      if (catalog.contains(e.actionId())) {
        rows.add(e);
      }
    }
    this.table = List.copyOf(rows);
    this.explicitIds = explicitIdPattern(catalog.actionIds());
  }

  /**
   * The offset (in the prompt) of the first instruction-override phrase, or -1. The phrase is
   * looked for in the masked prompt's {@link TextSkeleton}, so Unicode tricks do not hide it.
   */
  static int overrideOffset(ScannedPrompt prompt) {
    TextSkeleton skeleton = TextSkeleton.of(prompt.masked());
    Matcher m = OVERRIDE.matcher(skeleton.text());
    return m.find() ? skeleton.originOf(m.start()) : -1;
  }

  /**
   * Every signal, sorted by position. All rows are matched first; overlapping matches are then
   * resolved leftmost first, and at the same position by table order (an explicit action id
   * first), so a phrase and its argument ("run the command ls -la") are never split.
   *
   * @param override the offset of instruction-override text ({@link #overrideOffset}), or -1
   */
  List<PromptSignal> find(ScannedPrompt prompt, int override) {
    String masked = prompt.masked();
    List<Candidate> candidates = new ArrayList<>();
    if (explicitIds != null) {
      Matcher m = explicitIds.matcher(masked);
      int from = 0;
      while (from < masked.length() && m.find(from)) {
        int s = m.start("id");
        int e = m.end("id");
        candidates.add(new Candidate(-1, new PromptSignal(m.group("id"), EXPLICIT_ID_CONFIDENCE,
            s, e, -1, -1, null, false, false)));
        from = e;
      }
    }
    List<String> words = words(masked);
    for (int index = 0; index < table.size(); index++) {
      PatternEntry entry = table.get(index);
      if (!entry.mayMatch(words)) {
        continue;
      }
      Matcher m = entry.pattern().matcher(masked);
      int from = 0;
      while (from < masked.length() && m.find(from)) {
        int s = groupStart(m, "imp") >= 0 ? m.end("imp") : m.start();
        int e = m.end();
        if (e <= s || !accepts(entry, m, prompt, s, e)) {
          from = m.start() + 1;
          continue;
        }
        int argStart = groupStart(m, "arg");
        int argEnd = argStart < 0 ? -1 : m.end("arg");
        String lang = group(m, "lang");
        candidates.add(new Candidate(index, new PromptSignal(entry.actionId(),
            entry.confidence(), s, e, argStart, argEnd,
            lang == null ? null : lang.toLowerCase(Locale.ROOT), false, false)));
        from = e;
      }
    }
    candidates.sort(Comparator.comparingInt((Candidate c) -> c.signal().start())
        .thenComparingInt(Candidate::precedence));
    List<int[]> claimed = new ArrayList<>();
    List<PromptSignal> out = new ArrayList<>();
    for (Candidate c : candidates) {
      PromptSignal sig = c.signal();
      if (overlaps(claimed, sig.start(), sig.end())) {
        continue;
      }
      claimed.add(new int[] {sig.start(), sig.end()});
      out.add(new PromptSignal(sig.actionId(), sig.confidence(), sig.start(), sig.end(),
          sig.argStart(), sig.argEnd(), sig.language(), isNegated(masked, sig.start()),
          override >= 0 && sig.start() > override));
    }
    return out;
  }

  /** A match before overlaps are resolved; lower precedence values win at the same start. */
  private record Candidate(int precedence, PromptSignal signal) {}

  /** The lower-case ASCII words of the text (runs of {@code [A-Za-z0-9_]}, as {@code \\b} sees them). */
  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      while (i < text.length() && !isWordChar(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < text.length() && isWordChar(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private boolean accepts(PatternEntry entry, Matcher m, ScannedPrompt prompt, int s, int e) {
    if (entry.singleClause()) {
      String span = prompt.masked().substring(s, e);
      int firstSpace = span.indexOf(' ');
      if (firstSpace > 0 && CLAUSE_BREAK.matcher(span.substring(firstSpace)).find()) {
        return false;
      }
    }
    switch (entry.filter()) {
      case SCRIPT_FILE: {
        Entity path = prompt.first(EntityKind.PATH, s, e);
        return path != null && SCRIPT_EXTENSIONS.contains(extension(path.value()));
      }
      case FILE_PATH: {
        Entity path = prompt.first(EntityKind.PATH, s, e);
        return path != null && !extension(path.value()).isEmpty();
      }
      case DIRECTORY_PATH: {
        Entity path = prompt.first(EntityKind.PATH, s, e);
        return path != null && extension(path.value()).isEmpty();
      }
      case EMAIL_OBJECT:
        return !EMAIL_NOUNS.contains(m.group("obj").toLowerCase(Locale.ROOT));
      default:
        return true;
    }
  }

  /** The lower-case extension of a path's last segment ({@code ""} if none or a trailing slash). */
  static String extension(String path) {
    if (path.endsWith("/") || path.endsWith("\\")) {
      return "";
    }
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    String last = path.substring(slash + 1);
    int dot = last.lastIndexOf('.');
    return dot <= 0 ? "" : last.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Whether one of the last three words of the phrase's clause is a negation. Only a bounded
   * window before the phrase is examined, so the cost per phrase does not grow with the prompt.
   */
  private static boolean isNegated(String masked, int start) {
    String before = masked.substring(Math.max(0, start - NEGATION_WINDOW), start);
    Matcher clause = CLAUSE_START.matcher(before);
    int clauseStart = 0;
    while (clause.find()) {
      clauseStart = clause.end();
    }
    String window = before.substring(clauseStart).replace('\u2019', '\'');
    List<String> words = new ArrayList<>();
    Matcher w = WORDS.matcher(window);
    while (w.find()) {
      words.add(w.group().toLowerCase(Locale.ROOT));
    }
    for (int i = Math.max(0, words.size() - 3); i < words.size(); i++) {
      if (NEGATIONS.contains(words.get(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean overlaps(List<int[]> claimed, int s, int e) {
    for (int[] c : claimed) {
      if (c[0] < e && s < c[1]) {
        return true;
      }
    }
    return false;
  }

  private static int groupStart(Matcher m, String name) {
    return m.pattern().namedGroups().containsKey(name) ? m.start(name) : -1;
  }

  private static String group(Matcher m, String name) {
    return m.pattern().namedGroups().containsKey(name) ? m.group(name) : null;
  }

  private static Pattern explicitIdPattern(List<String> ids) {
    if (ids.isEmpty()) {
      return null;
    }
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(s -> s));
    StringBuilder alt = new StringBuilder();
    for (String id : sorted) {
      if (alt.length() > 0) {
        alt.append('|');
      }
      alt.append(Pattern.quote(id));
    }
    return Pattern.compile("(?:^|[^A-Za-z0-9_.:\\-])(?P<id>" + alt
        + ")(?:$|[^A-Za-z0-9_:\\-]|\\.(?:$|\\s))");
  }
}
