package io.ape.core.actions;

import com.google.re2j.Pattern;
import io.ape.api.ActionRepositoryException;
import java.util.Map;

/**
 * The {@code constraints} of an action definition, compiled and enforced. Unknown keys are
 * rejected at registration: a constraint that is written down but not enforced would give a
 * false sense of safety (in the Python original every constraint was metadata only).
 *
 * <p>{@code query_must_be_select: true} requires the {@code query} parameter to be a single
 * {@code SELECT} (or {@code WITH ... SELECT}) statement: it must start with one of those
 * keywords, contain no {@code ;} except at the very end, and contain none of the words
 * {@code insert update delete merge truncate drop alter create grant revoke into lock call
 * exec execute copy attach pragma} outside string literals. This is a tripwire against an agent
 * sending a write through a read action, not a SQL sandbox: run read actions with read-only
 * database credentials.
 */
final class ActionConstraints {
  static final String QUERY_MUST_BE_SELECT = "query_must_be_select";

  private static final Pattern LEADING_KEYWORD = Pattern.compile("^[\\s(]*(select|with)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern WRITE_WORDS = Pattern.compile("\\b(insert|update|delete|merge"
      + "|truncate|drop|alter|create|grant|revoke|into|lock|call|exec|execute|copy|attach"
      + "|pragma)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");
  private static final ActionConstraints NONE = new ActionConstraints(false);

  private final boolean queryMustBeSelect;

  private ActionConstraints(boolean queryMustBeSelect) {
    this.queryMustBeSelect = queryMustBeSelect;
  }

  static ActionConstraints compile(Map<String, Object> constraints, CompiledSchema schema) {
    if (constraints.isEmpty()) {
      return NONE;
    }
    boolean select = false;
    for (Map.Entry<String, Object> e : constraints.entrySet()) {
      if (!QUERY_MUST_BE_SELECT.equals(e.getKey())) {
        throw new ActionRepositoryException("unknown constraint '" + Printable.text(e.getKey())
            + "' (supported: " + QUERY_MUST_BE_SELECT + ")");
      }
      if (!(e.getValue() instanceof Boolean b)) {
        throw new ActionRepositoryException("constraint " + QUERY_MUST_BE_SELECT
            + " must be true or false");
      }
      select = b;
    }
    if (select) {
      CompiledSchema query = schema.property("query");
      if (query == null || query.types() == null || !query.types().equals(java.util.Set.of("string"))) {
        throw new ActionRepositoryException("constraint " + QUERY_MUST_BE_SELECT
            + " needs a parameter 'query' of type string");
      }
    }
    return new ActionConstraints(select);
  }

  void check(Map<String, Object> parameters, ValidationErrors errors) {
    if (queryMustBeSelect && parameters.get("query") instanceof String q) {
      String problem = selectProblem(q);
      if (problem != null) {
        errors.add("query", problem);
      }
    }
  }

  private static String selectProblem(String query) {
    if (!LEADING_KEYWORD.matcher(query).find()) {
      return "must be a SELECT statement";
    }
    String code = STRING_LITERAL.matcher(query).replaceAll("''");
    int semicolon = code.indexOf(';');
    if (semicolon >= 0 && !code.substring(semicolon + 1).isBlank()) {
      return "must be a single statement";
    }
    var m = WRITE_WORDS.matcher(code);
    if (m.find()) {
      return "must be read-only (found '" + Printable.text(m.group(1)) + "')";
    }
    return null;
  }
}
