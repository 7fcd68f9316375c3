package io.ape.core.provider;

import io.ape.spi.ApeProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to find and choose the providers of one SPI: the SPI type, the configuration key that
 * names a provider ({@code ape.<area>.<key>}), the artifact that ships the standard provider
 * (named in "not found" errors), the ids reserved for built-in providers, and the artifact of
 * each known id.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type the SPI interface
 * @param configKey the configuration key naming the provider id (for single-valued SPIs) or a
 *     comma-separated list of enabled ids (for multi-valued SPIs); {@code ""} if none
 * @param artifact Maven coordinates of the artifact to add when no provider is found, or
 *     {@code ""} when there is no standard one
 * @param reservedIds built-in id → the only class allowed to claim it
 * @param artifactsById known id → Maven coordinates of the artifact that provides it
 * @param <T> the SPI type
 */
public record ProviderSpec<T extends ApeProvider>(
    Class<T> type,
    String configKey,
    String artifact,
    Map<String, String> reservedIds,
    Map<String, String> artifactsById) {

  public ProviderSpec {
    Objects.requireNonNull(type, "type");
    configKey = configKey == null ? "" : configKey;
    artifact = artifact == null ? "" : artifact;
    reservedIds = copy(reservedIds);
    artifactsById = copy(artifactsById);
  }

  /** A spec without reserved ids. */
  public static <T extends ApeProvider> ProviderSpec<T> of(Class<T> type, String configKey,
      String artifact) {
    return new ProviderSpec<>(type, configKey, artifact, Map.of(), Map.of());
  }

  /** A copy in which {@code id} may only be claimed by the class named {@code className}. */
  public ProviderSpec<T> withReservedId(String id, String className) {
    Map<String, String> ids = new LinkedHashMap<>(reservedIds);
    ids.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(className, "className"));
    return new ProviderSpec<>(type, configKey, artifact, ids, artifactsById);
  }

  /** A copy that knows which artifact provides {@code id}. */
  public ProviderSpec<T> withArtifact(String id, String artifactCoordinates) {
    Map<String, String> known = new LinkedHashMap<>(artifactsById);
    known.put(Objects.requireNonNull(id, "id"),
        Objects.requireNonNull(artifactCoordinates, "artifactCoordinates"));
    return new ProviderSpec<>(type, configKey, artifact, reservedIds, known);
  }

  /** The SPI's simple name, for messages. */
  String spiName() {
    return type.getName();
  }

  private static Map<String, String> copy(Map<String, String> in) {
    return in == null || in.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(in));
  }
}
