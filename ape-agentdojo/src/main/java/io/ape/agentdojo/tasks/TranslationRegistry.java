package io.ape.agentdojo.tasks;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.data.TaskKind;
import io.ape.agentdojo.env.TaskEnvironment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

/**
 * The translations of one suite, registered by the suite's task classes with a small builder:
 *
 * <pre>{@code
 * r.user("user_task_0", "v1").fingerprint("0123456789ab")
 *     .utility((out, pre, post, strict) -> ...)
 *     .add();
 * }</pre>
 *
 * @param <E> the suite's environment
 * @since 0.2.0
 */
public final class TranslationRegistry<E extends TaskEnvironment> {
  private final String suite;
  private final Map<String, Translation<E>> byKey = new LinkedHashMap<>();

  /** An empty registry for {@code suite}. */
  public TranslationRegistry(String suite) {
    this.suite = suite;
  }

  /** Starts the translation of a user task's definitions in {@code folders}. */
  public Builder user(String id, String... folders) {
    return new Builder(TaskKind.USER, id, folders);
  }

  /** Starts the translation of an injection task's definitions in {@code folders}. */
  public Builder injection(String id, String... folders) {
    return new Builder(TaskKind.INJECTION, id, folders);
  }

  /** The translation of a definition, if registered. */
  public Optional<Translation<E>> find(TaskKind kind, String id, String folder) {
    return Optional.ofNullable(byKey.get(key(kind, id, folder)));
  }

  /** Every registered translation (one entry per folder). */
  public Map<String, Translation<E>> all() {
    return Map.copyOf(byKey);
  }

  private static String key(TaskKind kind, String id, String folder) {
    return kind + "/" + id + "@" + folder;
  }

  /** Builds one translation. */
  public final class Builder {
    private final TaskKind kind;
    private final String id;
    private final String[] folders;
    private String fingerprint;
    private Checks.Utility<E> utility;
    private Checks.UtilityFromTraces<E> utilityFromTraces;
    private Checks.Security<E> security;
    private Checks.SecurityFromTraces<E> securityFromTraces;
    private final Map<String, Checks.Expr<E>> exprs = new LinkedHashMap<>();
    private Checks.GroundTruth<E> supplied;
    private String note = "";

    private Builder(TaskKind kind, String id, String[] folders) {
      if (folders.length == 0) {
        throw new IllegalArgumentException(id + ": no folder");
      }
      this.kind = kind;
      this.id = id;
      this.folders = folders.clone();
    }

    /** The fingerprint of the Python this was translated from. */
    public Builder fingerprint(String value) {
      this.fingerprint = value;
      return this;
    }

    /** The utility check. */
    public Builder utility(Checks.Utility<E> check) {
      this.utility = check;
      return this;
    }

    /** The trace-based utility check. */
    public Builder utilityFromTraces(Checks.UtilityFromTraces<E> check) {
      this.utilityFromTraces = check;
      return this;
    }

    /** The security check. */
    public Builder security(Checks.Security<E> check) {
      this.security = check;
      return this;
    }

    /** The trace-based security check. */
    public Builder securityFromTraces(Checks.SecurityFromTraces<E> check) {
      this.securityFromTraces = check;
      return this;
    }

    /** A ground-truth expression, keyed by its exact Python text. */
    public Builder expr(String python, Checks.Expr<E> value) {
      exprs.put(python, value);
      return this;
    }

    /** Applies a shared part (e.g. the expressions common to a task's versions). */
    public Builder with(java.util.function.Consumer<Builder> part) {
      part.accept(this);
      return this;
    }

    /** A ground truth supplied by the harness (where AgentDojo's is empty), with the reason. */
    public Builder suppliedGroundTruth(Checks.GroundTruth<E> groundTruth, String why) {
      this.supplied = groundTruth;
      this.note = why;
      return this;
    }

    /** A note about a quirk of this task, reported with the results. */
    public Builder note(String text) {
      this.note = text;
      return this;
    }

    /** Registers the translation. */
    public void add() {
      if (fingerprint == null) {
        throw new IllegalStateException(suite + "/" + id + ": no fingerprint");
      }
      if (kind == TaskKind.USER && utility == null && utilityFromTraces == null) {
        throw new IllegalStateException(suite + "/" + id + ": no utility check");
      }
      if (kind == TaskKind.INJECTION && security == null && securityFromTraces == null) {
        throw new IllegalStateException(suite + "/" + id + ": no security check");
      }
      Translation<E> t =
          new Translation<>(
              kind, id, new LinkedHashSet<>(Arrays.asList(folders)), fingerprint, utility,
              utilityFromTraces, security, securityFromTraces, exprs, supplied, note);
      for (String folder : folders) {
        if (byKey.put(key(kind, id, folder), t) != null) {
          throw new AgentDojoException(suite + ": two translations of " + id + "@" + folder);
        }
      }
    }
  }
}
