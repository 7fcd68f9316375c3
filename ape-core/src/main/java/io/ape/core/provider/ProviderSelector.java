package io.ape.core.provider;

import io.ape.api.AmbiguousProviderException;
import io.ape.api.ApeConfigurationException;
import io.ape.api.ProviderException;
import io.ape.api.ProviderNotFoundException;
import io.ape.spi.ApeProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses providers deterministically and fail-closed; the one selection routine used for
 * every SPI.
 *
 * <p><b>Single-valued SPIs</b> ({@link #selectOne}):
 * <ol>
 *   <li>an instance given explicitly (by a builder) wins, and nothing is discovered;</li>
 *   <li>else the id named by the spec's configuration key ({@code ape.<area>.<key>}); if no
 *       discovered provider has that id: {@link ProviderNotFoundException} naming the artifact
 *       to add;</li>
 *   <li>else the single eligible provider found;</li>
 *   <li>else the eligible provider with the highest {@link ApeProvider#priority()}; a tie is an
 *       {@link AmbiguousProviderException} listing each tied candidate's id, class and jar;</li>
 *   <li>no eligible provider: {@link ProviderNotFoundException} naming the candidates seen and
 *       the artifact to add. There is no no-op or allow-all fallback.</li>
 * </ol>
 *
 * <p><b>Multi-valued SPIs</b> ({@link #available}, {@link #enabled}): every provider found,
 * sorted by priority (descending), then id.
 *
 * <p><b>For every SPI</b>: two providers with the same id are an
 * {@link AmbiguousProviderException}; a provider claiming an id reserved for a built-in class
 * is an {@link ApeConfigurationException}; an id that is not lower-case
 * {@code [a-z0-9][a-z0-9_.-]*} or a provider whose {@code id()} or {@code priority()} throws
 * is a {@link ProviderException} naming its class. Class-path order never decides anything.
 *
 * <p>Immutable and thread-safe (as long as the {@link ProviderLoader} is).
 */
public final class ProviderSelector {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderSelector.class);
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,63}");

  private final ProviderLoader loader;
  private final Map<String, String> properties;

  /**
   * Creates a selector.
   *
   * @param loader where providers are discovered
   * @param properties configuration ({@code ape.<area>.<key>}); copied
   */
  public ProviderSelector(ProviderLoader loader, Map<String, String> properties) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  /** Same as {@link #selectOne(ProviderSpec, ApeProvider, Predicate, String)} with every provider eligible. */
  public <T extends ApeProvider> T selectOne(ProviderSpec<T> spec, T explicit) {
    return selectOne(spec, explicit, p -> true, "");
  }

  /**
   * Chooses the one provider of a required single-valued SPI.
   *
   * @param spec the SPI
   * @param explicit an instance given explicitly, or {@code null}
   * @param eligible which discovered providers qualify (e.g. those handling a file extension);
   *     a provider named by configuration is used even if not eligible
   * @param eligibility describes {@code eligible} in messages, e.g. {@code "for '.yaml' files"};
   *     may be {@code ""}
   * @return the chosen provider, never {@code null}
   * @throws ProviderNotFoundException if none qualifies or the configured id is not found
   * @throws AmbiguousProviderException on a priority tie or a duplicate id
   * @throws ApeConfigurationException on a reserved id claimed by another class
   * @throws ProviderException if a provider cannot be loaded
   */
  public <T extends ApeProvider> T selectOne(ProviderSpec<T> spec, T explicit,
      Predicate<? super T> eligible, String eligibility) {
    return select(spec, explicit, eligible, eligibility, true)
        .orElseThrow(() -> new IllegalStateException("required selection returned nothing"));
  }

  /**
   * Like {@link #selectOne(ProviderSpec, ApeProvider)} for an optional SPI: returns empty
   * instead of throwing when nothing is found and nothing was configured. A configured id that
   * is not found is still an error.
   */
  public <T extends ApeProvider> Optional<T> selectOptional(ProviderSpec<T> spec, T explicit) {
    return select(spec, explicit, p -> true, "", false);
  }

  /**
   * Every discovered provider of a multi-valued SPI, validated (unique, well-formed,
   * non-reserved ids) and sorted by priority descending, then id. Never {@code null}.
   */
  public <T extends ApeProvider> List<T> available(ProviderSpec<T> spec) {
    List<T> out = new ArrayList<>();
    for (Candidate<T> c : discover(spec)) {
      out.add(c.provider());
    }
    return List.copyOf(out);
  }

  /**
   * The providers of a multi-valued SPI enabled by the spec's configuration key (a
   * comma-separated list of ids), sorted like {@link #available}. Empty when the key is unset.
   *
   * @throws ProviderNotFoundException if an enabled id is not found
   * @throws ApeConfigurationException if the list is malformed (blank or repeated entries)
   */
  public <T extends ApeProvider> List<T> enabled(ProviderSpec<T> spec) {
    String value = spec.configKey().isEmpty() ? null : properties.get(spec.configKey());
    if (value == null) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String raw : value.split(",", -1)) {
      String id = raw.trim();
      if (id.isEmpty()) {
        throw new ApeConfigurationException(spec.configKey() + " = \"" + value
            + "\" contains an empty entry; give a comma-separated list of provider ids.");
      }
      if (!ids.add(id)) {
        throw new ApeConfigurationException(spec.configKey() + " = \"" + value
            + "\" names '" + id + "' twice.");
      }
    }
    List<Candidate<T>> all = discover(spec);
    List<T> out = new ArrayList<>();
    for (Candidate<T> c : all) {
      if (ids.contains(c.id())) {
        out.add(c.provider());
      }
    }
    for (String id : ids) {
      if (all.stream().noneMatch(c -> c.id().equals(id))) {
        throw notFound(spec, spec.configKey() + " = \"" + value + "\" names \"" + id + "\"", id,
            all);
      }
    }
    return List.copyOf(out);
  }

  private <T extends ApeProvider> Optional<T> select(ProviderSpec<T> spec, T explicit,
      Predicate<? super T> eligible, String eligibility, boolean required) {
    Objects.requireNonNull(spec, "spec");
    if (explicit != null) {
      LOG.debug("Using the explicitly given {} {}", spec.spiName(), explicit.getClass().getName());
      return Optional.of(explicit);
    }
    List<Candidate<T>> all = discover(spec);
    String configured = configuredId(spec);
    if (configured != null) {
      for (Candidate<T> c : all) {
        if (c.id().equals(configured)) {
          LOG.debug("Using {} '{}' named by {}", spec.spiName(), configured, spec.configKey());
          return Optional.of(c.provider());
        }
      }
      throw notFound(spec, spec.configKey() + " is set to \"" + configured + "\"", configured,
          all);
    }
    List<Candidate<T>> candidates = new ArrayList<>();
    for (Candidate<T> c : all) {
      if (eligible.test(c.provider())) {
        candidates.add(c);
      }
    }
    if (candidates.isEmpty()) {
      if (!required) {
        return Optional.empty();
      }
      throw noneFound(spec, eligibility, all);
    }
    Candidate<T> best = candidates.get(0); // sorted: highest priority first
    List<Candidate<T>> tied = new ArrayList<>();
    for (Candidate<T> c : candidates) {
      if (c.priority() == best.priority()) {
        tied.add(c);
      }
    }
    if (tied.size() > 1) {
      List<String> described = tied.stream().map(Candidate::describe).toList();
      throw new AmbiguousProviderException(spec.spiName(), described,
          tied.size() + " providers of " + spec.spiName()
              + (eligibility.isEmpty() ? "" : " " + eligibility) + " share the highest priority "
              + best.priority() + ": " + String.join("; ", described) + ". Choose one"
              + (spec.configKey().isEmpty() ? "" : " with " + spec.configKey() + "=<id>")
              + " or pass an instance to the builder, or remove the jars you do not want.");
    }
    LOG.debug("Using {} '{}' (priority {}, {} candidate(s))", spec.spiName(), best.id(),
        best.priority(), candidates.size());
    return Optional.of(best.provider());
  }

  private String configuredId(ProviderSpec<?> spec) {
    if (spec.configKey().isEmpty()) {
      return null;
    }
    String value = properties.get(spec.configKey());
    if (value == null) {
      return null;
    }
    String id = value.trim();
    if (id.isEmpty()) {
      throw new ApeConfigurationException(spec.configKey()
          + " is set to an empty value; name a provider id or remove the setting.");
    }
    return id;
  }

  /** Loads, validates and sorts (priority descending, then id) the providers of one SPI. */
  private <T extends ApeProvider> List<Candidate<T>> discover(ProviderSpec<T> spec) {
    List<T> loaded = loader.load(spec.type());
    if (loaded == null) {
      throw new ProviderException(spec.spiName(), "ProviderLoader " + loader
          + " returned null for " + spec.spiName());
    }
    List<Candidate<T>> candidates = new ArrayList<>(loaded.size());
    Map<String, List<Candidate<T>>> byId = new LinkedHashMap<>();
    for (T provider : loaded) {
      if (provider == null) {
        throw new ProviderException(spec.spiName(), "ProviderLoader " + loader
            + " returned a null provider for " + spec.spiName());
      }
      Candidate<T> c = candidate(spec, provider);
      candidates.add(c);
      byId.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c);
    }
    for (Map.Entry<String, List<Candidate<T>>> e : byId.entrySet()) {
      if (e.getValue().size() > 1) {
        List<String> described = e.getValue().stream().map(Candidate::describe).toList();
        throw new AmbiguousProviderException(spec.spiName(), described,
            "Duplicate provider id '" + e.getKey() + "' for " + spec.spiName() + ": "
                + String.join("; ", described)
                + ". Provider ids must be unique; remove one of these jars.");
      }
    }
    candidates.sort(Comparator.comparingInt((Candidate<T> c) -> c.priority()).reversed()
        .thenComparing(Candidate::id));
    return candidates;
  }

  private static <T extends ApeProvider> Candidate<T> candidate(ProviderSpec<T> spec, T provider) {
    String className = provider.getClass().getName();
    String id;
    int priority;
    try {
      id = provider.id();
      priority = provider.priority();
    } catch (RuntimeException | LinkageError e) {
      throw new ProviderException(className, "Provider " + className + " of " + spec.spiName()
          + " (" + ProviderDescriptions.location(provider.getClass()) + ") failed to report its id"
          + " or priority: " + e, e);
    }
    if (id == null || !ID.matcher(id).matches()) {
      throw new ProviderException(className, "Provider " + className + " of " + spec.spiName()
          + " (" + ProviderDescriptions.location(provider.getClass()) + ") has an invalid id "
          + (id == null ? "null" : "'" + id + "'")
          + "; ids are lower case, 1 to 64 characters of [a-z0-9_.-], starting with a letter or digit.");
    }
    String owner = spec.reservedIds().get(id);
    if (owner != null && !owner.equals(className)) {
      throw new ApeConfigurationException("Provider id '" + id + "' of " + spec.spiName()
          + " is reserved for the built-in " + owner + ", but "
          + ProviderDescriptions.describe(id, provider)
          + " claims it. Give that provider another id or remove its jar.");
    }
    return new Candidate<>(provider, id, priority);
  }

  private static <T extends ApeProvider> ProviderNotFoundException notFound(
      ProviderSpec<T> spec, String what, String id, List<Candidate<T>> all) {
    String artifact = spec.artifactsById().getOrDefault(id, "");
    return new ProviderNotFoundException(spec.spiName(), id,
        what + " but no " + spec.spiName()
            + " with that id was found on the class path"
            + (artifact.isEmpty() ? "" : " (it is provided by " + artifact + ")")
            + "; found: " + describeAll(all) + ". "
            + (artifact.isEmpty() ? "Add the artifact that provides it as a dependency."
                : "Add " + artifact + " as a dependency."));
  }

  private static <T extends ApeProvider> ProviderNotFoundException noneFound(ProviderSpec<T> spec,
      String eligibility, List<Candidate<T>> all) {
    return new ProviderNotFoundException(spec.spiName(), "",
        "No " + spec.spiName() + (eligibility.isEmpty() ? "" : " " + eligibility)
            + " was found on the class path; found: " + describeAll(all) + ". "
            + (spec.artifact().isEmpty() ? "Add a jar that provides one"
                : "Add " + spec.artifact() + " as a dependency")
            + ", or pass an instance to the builder.");
  }

  private static String describeAll(List<? extends Candidate<?>> all) {
    if (all.isEmpty()) {
      return "none";
    }
    return String.join("; ", all.stream().map(Candidate::describe).toList());
  }

  private record Candidate<T extends ApeProvider>(T provider, String id, int priority) {
    String describe() {
      return ProviderDescriptions.describe(id, provider) + ", priority " + priority;
    }
  }
}
