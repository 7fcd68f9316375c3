package io.ape.core.compiler;

import com.google.re2j.Pattern;
import io.ape.api.ActionCatalog;
import io.ape.api.ActionDefinition;
import java.util.List;
import java.util.Set;

/**
 * Infers an intent's scope: first from scope words in the prompt (whole words, unlike the
 * Python original where "the files" matched "the file"), else from the first permitted
 * action. Scope is descriptive; what an action may touch is decided by the policy's
 * conditions on its parameters.
 */
final class ScopeInference {
  private record Keyword(String scope, Pattern pattern) {}

  private static final List<Keyword> KEYWORDS = List.of(
      new Keyword("project", Pattern.compile("(?i)\\b(?:the|this|entire|whole)\\s+"
          + "(?:project|codebase|repo|repository)\\b")),
      new Keyword("system", Pattern.compile("(?i)\\b(?:the\\s+system|system-wide|globally"
          + "|everywhere|entire\\s+system|whole\\s+system)\\b")),
      new Keyword("database", Pattern.compile("(?i)\\b(?:the\\s+database|all\\s+tables"
          + "|entire\\s+database|whole\\s+database)\\b")),
      new Keyword("directory", Pattern.compile("(?i)\\b(?:this\\s+folder|the\\s+folder"
          + "|the\\s+directory|this\\s+directory|in\\s+the\\s+folder|recursive(?:ly)?"
          + "|all\\s+(?:the\\s+)?files|every\\s+file)\\b")),
      new Keyword("single_file", Pattern.compile("(?i)\\b(?:this|the|one|a|single)\\s+file\\b")));
  private static final Set<String> DIRECTORY_ACTIONS = Set.of("list_directory", "search_files",
      "create_directory", "delete_directory");

  private ScopeInference() {}

  static String infer(String maskedPrompt, List<String> permitted, ActionCatalog catalog) {
    for (Keyword k : KEYWORDS) {
      if (k.pattern().matcher(maskedPrompt).find()) {
        return k.scope();
      }
    }
    if (permitted.isEmpty()) {
      return "default";
    }
    String first = permitted.get(0);
    ActionDefinition d = catalog.get(first);
    switch (d.category()) {
      case FILE_READ:
      case FILE_WRITE:
      case FILE_DELETE:
        return DIRECTORY_ACTIONS.contains(first) ? "directory" : "single_file";
      case DATABASE_READ:
      case DATABASE_WRITE:
        return "database";
      case NETWORK:
        return "network";
      case SYSTEM:
        return "system";
      case COMMUNICATION:
        return "communication";
      case COMPUTE:
        return "compute";
      default:
        return "default";
    }
  }
}
