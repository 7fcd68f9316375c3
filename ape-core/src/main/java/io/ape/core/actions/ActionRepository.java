package io.ape.core.actions;

import io.ape.api.ActionAlreadyExistsException;
import io.ape.api.ActionCatalog;
import io.ape.api.ActionCategory;
import io.ape.api.ActionDefinition;
import io.ape.api.ActionIds;
import io.ape.api.ActionNotFoundException;
import io.ape.api.ActionParameterException;
import io.ape.api.ActionRepositoryException;
import io.ape.api.ParameterValues;
import io.ape.api.RepositoryFrozenException;
import io.ape.api.RiskLevel;
import io.ape.core.canonical.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The registry of actions an engine knows, with their risk levels and parameter schemas.
 *
 * <p>Register actions (the standard ones from {@link StandardActions#createRepository()}, and
 * your own), then {@link #freeze()}: a frozen repository rejects every change with
 * {@link RepositoryFrozenException}, and because {@link ActionDefinition}s are immutable,
 * nothing about an action can change after freezing. Each definition's schema is compiled at
 * registration; an invalid schema or an unknown constraint is rejected then, not at first use.
 *
 * <p>{@link #validateParameters} checks parameters against the action's schema, APE's built-in
 * parameter hardening and the action's constraints, reporting every error at once. It is the
 * check that runs before any authority is issued.
 *
 * <p>Thread-safe: reads are lock-free on an immutable snapshot; changes are serialised.
 */
public final class ActionRepository implements ActionCatalog {
  private final Object writeLock = new Object();
  private volatile Snapshot snapshot = new Snapshot(Map.of(), false);

  /** Creates an empty, mutable repository. */
  public ActionRepository() {}

  /**
   * Registers one action.
   *
   * @throws RepositoryFrozenException if the repository is frozen
   * @throws ActionAlreadyExistsException if the id is taken
   * @throws ActionRepositoryException if the schema or a constraint is invalid
   */
  public void register(ActionDefinition definition) {
    registerAll(List.of(definition));
  }

  /**
   * Registers several actions, atomically: either all are registered or, if any is rejected,
   * none is.
   *
   * @throws RepositoryFrozenException if the repository is frozen
   * @throws ActionAlreadyExistsException if an id is taken or given twice
   * @throws ActionRepositoryException if a schema or a constraint is invalid
   */
  public void registerAll(Collection<ActionDefinition> definitions) {
    List<Entry> compiled = new ArrayList<>(definitions.size());
    for (ActionDefinition d : definitions) {
      if (d == null) {
        throw new ActionRepositoryException("cannot register a null action definition");
      }
      compiled.add(Entry.compile(d));
    }
    synchronized (writeLock) {
      Snapshot current = snapshot;
      if (current.frozen) {
        throw new RepositoryFrozenException("the action repository is frozen (version "
            + current.version() + "); register actions before freeze()");
      }
      Map<String, Entry> next = new LinkedHashMap<>(current.entries);
      for (Entry e : compiled) {
        String id = e.definition.actionId();
        if (next.putIfAbsent(id, e) != null) {
          throw new ActionAlreadyExistsException("action '" + id + "' is already registered");
        }
      }
      snapshot = new Snapshot(Collections.unmodifiableMap(next), false);
    }
  }

  /**
   * Freezes the repository; later changes throw {@link RepositoryFrozenException}. Idempotent.
   *
   * @return the repository version (see {@link #version()})
   */
  public String freeze() {
    synchronized (writeLock) {
      Snapshot current = snapshot;
      if (!current.frozen) {
        snapshot = new Snapshot(current.entries, true);
      }
      return snapshot.version();
    }
  }

  /** Whether {@link #freeze()} was called. */
  public boolean isFrozen() {
    return snapshot.frozen;
  }

  /**
   * The repository version: the lower-case hex SHA-256 of the canonical JSON (in the Python
   * original's form) of every definition, sorted by action id. Equal content gives an equal
   * version; the frozen standard repository has the Python original's version
   * {@code ab7fe324...4c8d}.
   */
  public String version() {
    return snapshot.version();
  }

  @Override
  public Optional<ActionDefinition> find(String actionId) {
    Entry e = actionId == null ? null : snapshot.entries.get(actionId);
    return e == null ? Optional.empty() : Optional.of(e.definition);
  }

  @Override
  public List<String> actionIds() {
    return List.copyOf(snapshot.entries.keySet());
  }

  /** The number of registered actions. */
  public int size() {
    return snapshot.entries.size();
  }

  /** Every definition, in registration order. */
  public List<ActionDefinition> definitions() {
    return select(d -> true);
  }

  /** The definitions of one category, in registration order. */
  public List<ActionDefinition> byCategory(ActionCategory category) {
    return select(d -> d.category() == category);
  }

  /** The definitions whose risk is at most {@code maxRisk}, in registration order. */
  public List<ActionDefinition> atMostRisk(RiskLevel maxRisk) {
    return select(d -> d.riskLevel().compareTo(maxRisk) <= 0);
  }

  /** The definitions carrying {@code tag}, in registration order. */
  public List<ActionDefinition> byTag(String tag) {
    return select(d -> d.tags().contains(tag));
  }

  /** The definitions that require human review, in registration order. */
  public List<ActionDefinition> requiringHumanReview() {
    return select(ActionDefinition::requiresHumanReview);
  }

  /**
   * Whether {@code toolId} may perform {@code actionId}: any tool if the definition lists no
   * compatible tools (the plan generator then insists on the tool bound to the action),
   * otherwise only the listed ones.
   *
   * @throws ActionNotFoundException if the action is unknown
   */
  public boolean isToolCompatible(String actionId, String toolId) {
    List<String> tools = get(actionId).compatibleTools();
    return tools.isEmpty() || tools.contains(toolId);
  }

  /**
   * Every problem with {@code parameters} for {@code actionId}: schema violations (unknown
   * keys, wrong types, missing required keys, ranges, lengths, patterns, formats), APE's
   * parameter hardening and the action's constraints. Empty when the parameters are valid.
   *
   * @throws ActionNotFoundException if the action is unknown
   */
  public List<String> checkParameters(String actionId, Map<String, ?> parameters) {
    Entry entry = entry(actionId);
    Map<String, Object> copy;
    try {
      copy = ParameterValues.copyOf(parameters);
    } catch (ActionParameterException e) {
      return List.of(e.errors().get(0));
    }
    return entry.check(copy).toList();
  }

  /**
   * Validates parameters and returns their deep, unmodifiable copy: the exact values that were
   * validated and must be the ones bound into authority.
   *
   * @throws ActionNotFoundException if the action is unknown
   * @throws ActionParameterException listing every error
   */
  public Map<String, Object> validateParameters(String actionId, Map<String, ?> parameters) {
    Entry entry = entry(actionId);
    Map<String, Object> copy;
    try {
      copy = ParameterValues.copyOf(parameters);
    } catch (ActionParameterException e) {
      throw new ActionParameterException(actionId, e.errors().get(0), e.errors());
    }
    ValidationErrors errors = entry.check(copy);
    if (!errors.isEmpty()) {
      List<String> list = errors.toList();
      throw new ActionParameterException(actionId, list.size() == 1 ? list.get(0)
          : list.size() + " errors: " + String.join("; ", list), list);
    }
    return copy;
  }

  /**
   * A description of the actions for a model prompt: {@code Available Actions:}, then per
   * category (in declaration order) a heading {@code ## <category>} and one line per action
   * sorted by id, {@code - <id> [<risk>]: <description>}; with {@code includeSchemas}, a line
   * {@code   Parameters: name*: type, ...} ({@code *} = required).
   */
  public String toPromptContext(boolean includeSchemas) {
    Map<String, Entry> entries = snapshot.entries;
    List<String> lines = new ArrayList<>();
    lines.add("Available Actions:");
    for (ActionCategory category : ActionCategory.values()) {
      List<Entry> inCategory = new ArrayList<>();
      for (Entry e : entries.values()) {
        if (e.definition.category() == category) {
          inCategory.add(e);
        }
      }
      if (inCategory.isEmpty()) {
        continue;
      }
      inCategory.sort((a, b) -> CanonicalJson.compareCodePoints(
          a.definition.actionId(), b.definition.actionId()));
      lines.add("\n## " + category.value());
      for (Entry e : inCategory) {
        ActionDefinition d = e.definition;
        lines.add("- " + d.actionId() + " [" + risk(d.riskLevel()) + "]: " + d.description());
        if (includeSchemas && !e.schema.propertyNames().isEmpty()) {
          List<String> params = new ArrayList<>();
          for (String name : e.schema.propertyNames()) {
            var types = e.schema.property(name).types();
            params.add(name + (e.schema.requires(name) ? "*" : "") + ": "
                + (types == null ? "any" : String.join("|", new java.util.TreeSet<>(types))));
          }
          lines.add("  Parameters: " + String.join(", ", params));
        }
      }
    }
    return String.join("\n", lines);
  }

  @Override
  public String toString() {
    Snapshot s = snapshot;
    return "ActionRepository(actions=" + s.entries.size() + ", "
        + (s.frozen ? "frozen" : "mutable") + ")";
  }

  private Entry entry(String actionId) {
    Entry e = actionId == null ? null : snapshot.entries.get(actionId);
    if (e == null) {
      throw new ActionNotFoundException("unknown action '" + ActionIds.printable(actionId) + "'");
    }
    return e;
  }

  private List<ActionDefinition> select(Predicate<ActionDefinition> filter) {
    List<ActionDefinition> out = new ArrayList<>();
    for (Entry e : snapshot.entries.values()) {
      if (filter.test(e.definition)) {
        out.add(e.definition);
      }
    }
    return List.copyOf(out);
  }

  static String risk(RiskLevel level) {
    return level.name().toLowerCase(Locale.ROOT);
  }

  /** A definition with its compiled schema and constraints. */
  private static final class Entry {
    final ActionDefinition definition;
    final CompiledSchema schema;
    final ActionConstraints constraints;

    private Entry(ActionDefinition definition, CompiledSchema schema,
        ActionConstraints constraints) {
      this.definition = definition;
      this.schema = schema;
      this.constraints = constraints;
    }

    static Entry compile(ActionDefinition d) {
      try {
        CompiledSchema schema = CompiledSchema.compileRoot(d.parameterSchema(),
            d.category() == ActionCategory.NETWORK);
        return new Entry(d, schema, ActionConstraints.compile(d.constraints(), schema));
      } catch (ActionRepositoryException e) {
        throw new ActionRepositoryException("action '" + d.actionId() + "': " + e.getMessage(), e);
      }
    }

    ValidationErrors check(Map<String, Object> parameters) {
      ValidationErrors errors = new ValidationErrors();
      schema.validateRoot(parameters, errors);
      ParameterHardening.check(parameters, errors);
      constraints.check(parameters, errors);
      return errors;
    }
  }

  /** An immutable state of the repository; the version is computed once, on demand. */
  private static final class Snapshot {
    final Map<String, Entry> entries;
    final boolean frozen;
    private volatile String version;

    Snapshot(Map<String, Entry> entries, boolean frozen) {
      this.entries = entries;
      this.frozen = frozen;
    }

    String version() {
      String v = version;
      if (v == null) {
        v = digest(entries);
        version = v;
      }
      return v;
    }

    private static String digest(Map<String, Entry> entries) {
      List<Entry> sorted = new ArrayList<>(entries.values());
      sorted.sort((a, b) -> CanonicalJson.compareCodePoints(a.definition.actionId(),
          b.definition.actionId()));
      List<Object> dicts = new ArrayList<>(sorted.size());
      for (Entry e : sorted) {
        dicts.add(toDict(e.definition));
      }
      try {
        byte[] hash = MessageDigest.getInstance("SHA-256")
            .digest(CanonicalJson.write(dicts).getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(hash);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is not available", e);
      }
    }

    private static Map<String, Object> toDict(ActionDefinition d) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("action_id", d.actionId());
      m.put("description", d.description());
      m.put("category", d.category().value());
      m.put("risk_level", risk(d.riskLevel()));
      m.put("parameter_schema", d.parameterSchema());
      m.put("compatible_tools", d.compatibleTools());
      m.put("requires_human_review", d.requiresHumanReview());
      m.put("max_scope_breadth", d.maxScopeBreadth().isEmpty() ? null : d.maxScopeBreadth());
      m.put("tags", d.tags());
      m.put("examples", d.examples());
      m.put("constraints", d.constraints());
      return m;
    }
  }
}
