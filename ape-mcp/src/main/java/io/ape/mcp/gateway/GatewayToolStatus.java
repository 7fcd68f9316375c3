package io.ape.mcp.gateway;

import io.ape.api.RiskLevel;
import java.util.List;
import java.util.Objects;

/**
 * What the gateway does with one upstream tool, for reports and tests.
 *
 * @param name the name the client sees: the action id {@code server.tool}
 * @param server the configured server name
 * @param upstreamName the tool's name at the server
 * @param listed whether {@code tools/list} shows it
 * @param hiddenBecause why it is not listed (empty when listed); the reasons are
 *     {@code policy never allows it}, {@code not pinned}, {@code definition changed},
 *     {@code signs of tool poisoning}, {@code reserved name}, {@code invalid schema},
 *     {@code no longer offered}
 * @param sha256 the SHA-256 of its definition as the gateway exposed it
 * @param risk the assessed risk
 * @since 0.2.0
 */
public record GatewayToolStatus(String name, String server, String upstreamName, boolean listed,
    List<String> hiddenBecause, String sha256, RiskLevel risk) {
  public GatewayToolStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(upstreamName, "upstreamName");
    hiddenBecause = List.copyOf(hiddenBecause);
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(risk, "risk");
  }
}
