package io.ape.policy.yaml.internal;

import io.ape.api.RateLimit;
import io.ape.api.RateLimitScope;
import io.ape.api.RateLimitSettings;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the {@code rate_limits} section:
 *
 * <pre>{@code
 * rate_limits:
 *   global_per_minute: 120          # whole numbers >= 0
 *   per_session_per_minute: 30
 *   max_cumulative_risk: 3.0        # finite number >= 0
 *   actions:
 *     write_file: { per_minute: 5, per_hour: 50, per_day: 200 }
 *   targets:
 *     "*.github.com": { per_minute: 10 }
 * }</pre>
 */
final class RateLimitMapper {
  static final List<String> KEYS = List.of("global_per_minute", "per_session_per_minute",
      "max_cumulative_risk", "actions", "targets");
  static final List<String> WINDOW_KEYS = List.of("per_minute", "per_hour", "per_day");
  private static final List<Duration> WINDOWS =
      List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1));

  private final NodeChecks checks;

  RateLimitMapper(NodeChecks checks) {
    this.checks = checks;
  }

  /** The settings, or {@link RateLimitSettings#none()} when absent or invalid. */
  RateLimitSettings map(MapNode.Entry section) {
    if (section == null) {
      return RateLimitSettings.none();
    }
    String path = "rate_limits";
    MapNode map = checks.mapping(section.value(), path);
    if (map == null) {
      return RateLimitSettings.none();
    }
    checks.onlyKeys(map, path, KEYS);
    List<RateLimit> limits = new ArrayList<>();
    single(map, path, "global_per_minute", RateLimitScope.GLOBAL, limits);
    single(map, path, "per_session_per_minute", RateLimitScope.SESSION, limits);
    MapNode.Entry actions = map.get("actions");
    if (actions != null) {
      keyed(actions, Paths.key(path, "actions"), RateLimitScope.ACTION, limits);
    }
    MapNode.Entry targets = map.get("targets");
    if (targets != null) {
      keyed(targets, Paths.key(path, "targets"), RateLimitScope.TARGET, limits);
    }
    double risk = Double.POSITIVE_INFINITY;
    MapNode.Entry riskEntry = map.get("max_cumulative_risk");
    if (riskEntry != null) {
      Double value = risk(riskEntry.value(), Paths.key(path, "max_cumulative_risk"));
      risk = value == null ? Double.POSITIVE_INFINITY : value;
    }
    return new RateLimitSettings(limits, risk);
  }

  private void single(MapNode map, String path, String key, RateLimitScope scope,
      List<RateLimit> out) {
    MapNode.Entry entry = map.get(key);
    if (entry != null) {
      Integer max = count(entry.value(), Paths.key(path, key));
      if (max != null) {
        out.add(new RateLimit(scope, "", Duration.ofMinutes(1), max));
      }
    }
  }

  private void keyed(MapNode.Entry section, String path, RateLimitScope scope,
      List<RateLimit> out) {
    MapNode map = checks.mapping(section.value(), path);
    if (map == null) {
      return;
    }
    for (MapNode.Entry entry : map.entries().values()) {
      String entryPath = Paths.key(path, entry.key());
      String key = scope == RateLimitScope.ACTION
          ? checks.actionIdKey(entry, entryPath, "action id")
          : targetPattern(entry, entryPath);
      MapNode windows = checks.mapping(entry.value(), entryPath);
      if (windows == null) {
        continue;
      }
      checks.onlyKeys(windows, entryPath, WINDOW_KEYS);
      if (windows.entries().isEmpty()) {
        checks.problems().add(windows, entryPath, "needs at least one of "
            + String.join(", ", WINDOW_KEYS));
      }
      for (int i = 0; i < WINDOW_KEYS.size(); i++) {
        MapNode.Entry window = windows.get(WINDOW_KEYS.get(i));
        if (window != null) {
          Integer max = count(window.value(), Paths.key(entryPath, WINDOW_KEYS.get(i)));
          if (max != null && key != null) {
            out.add(new RateLimit(scope, key, WINDOWS.get(i), max));
          }
        }
      }
    }
  }

  private String targetPattern(MapNode.Entry entry, String path) {
    String key = entry.key();
    if (key.isBlank() || key.chars().anyMatch(c -> Character.isISOControl(c)
        || Character.isWhitespace(c))) {
      checks.problems().add(entry, path, "the target pattern " + Messages.quote(key)
          + " must not be empty or contain whitespace or control characters");
      return null;
    }
    return key;
  }

  /** A whole number from 0 to Integer.MAX_VALUE. */
  private Integer count(Node node, String path) {
    if (!(node instanceof ScalarNode) || !((ScalarNode) node).isNumber()) {
      checks.problems().add(node, path, "must be a whole number (0 or more), but is "
          + node.typeName());
      return null;
    }
    ScalarNode scalar = (ScalarNode) node;
    if (scalar.kind() == ScalarNode.Kind.FLOAT) {
      checks.problems().add(node, path, "must be a whole number (0 or more), but is "
          + Messages.quote(scalar.text()));
      return null;
    }
    BigInteger value = new BigInteger(scalar.value().toString());
    if (value.signum() < 0) {
      checks.problems().add(node, path, "must not be negative, but is " + value);
      return null;
    }
    if (value.bitLength() > 31) {
      checks.problems().add(node, path, "must be at most " + Integer.MAX_VALUE + ", but is "
          + Messages.quote(scalar.text()));
      return null;
    }
    return value.intValue();
  }

  private Double risk(Node node, String path) {
    if (!(node instanceof ScalarNode) || !((ScalarNode) node).isNumber()) {
      checks.problems().add(node, path, "must be a number (0 or more), but is " + node.typeName());
      return null;
    }
    ScalarNode scalar = (ScalarNode) node;
    double value = ((Number) scalar.value()).doubleValue();
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      checks.problems().add(node, path, "must be a finite number, but is "
          + Messages.quote(scalar.text()));
      return null;
    }
    if (value < 0) {
      checks.problems().add(node, path, "must not be negative, but is " + scalar.text());
      return null;
    }
    return value;
  }
}
