package io.ape.engine;

import io.ape.api.Policy;
import java.util.List;

/**
 * The tools a policy lists as trusted sources. The policy model has no {@code trusted_sources}
 * field yet; until it has, the list is read from the policy's {@code metadata.trusted_sources}
 * (a list of tool ids). Anything else there (absent, not a list) lists nothing.
 */
final class TrustedSources {
  static final String KEY = "trusted_sources";

  private TrustedSources() {}

  static boolean lists(Policy policy, String toolId) {
    Object listed = policy.metadata().get(KEY);
    return listed instanceof List<?> l && l.contains(toolId);
  }
}
