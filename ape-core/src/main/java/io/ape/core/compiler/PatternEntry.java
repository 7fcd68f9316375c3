package io.ape.core.compiler;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * One row of the pattern table: a phrase pattern (run on the masked prompt) that names an
 * action with a base confidence.
 *
 * <p>Optional named groups: {@code imp} (an imperative lead-in such as "and" or "please" that
 * is not part of the phrase), {@code arg} (an argument, e.g. a shell command or a SQL query),
 * {@code lang} (a programming language), {@code obj} (an object word checked by the filter).
 *
 * @param actionId the action
 * @param confidence base confidence
 * @param pattern the compiled pattern
 * @param filter an extra check on a match
 * @param singleClause whether a match may not span a clause break ("and", "then", ",", ...)
 * @param triggers lower-case word prefixes one of which must start a word of the prompt for
 *     the pattern to match at all (a cheap pre-check; empty = always run the pattern)
 */
record PatternEntry(String actionId, double confidence, Pattern pattern, Filter filter,
    boolean singleClause, List<String> triggers) {

  /** Whether some word of the prompt starts with a trigger (always true without triggers). */
  boolean mayMatch(List<String> words) {
    if (triggers.isEmpty()) {
      return true;
    }
    for (String w : words) {
      for (String t : triggers) {
        if (w.startsWith(t)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Extra checks a regular expression cannot express. */
  enum Filter {
    /** No extra check. */
    NONE,
    /** The path in the match is a script: .py, .js, .mjs, .cjs, .sh or .bash. */
    SCRIPT_FILE,
    /** The path in the match names a file (its last segment has an extension). */
    FILE_PATH,
    /** The path in the match names a directory (no extension, or a trailing slash). */
    DIRECTORY_PATH,
    /** The {@code obj} group is not a noun that follows "email" as a noun (address, inbox, ...). */
    EMAIL_OBJECT
  }
}
