package io.ape.core.authority;

import io.ape.api.ApeConfigurationException;
import io.ape.spi.AuthorityIssuer;
import io.ape.spi.AuthorityIssuerProvider;
import io.ape.spi.ProviderContext;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The {@code in-memory} authority issuer provider ({@link InMemoryAuthorityIssuer}).
 *
 * <p>Properties: {@code ape.authority.ttl} — an ISO-8601 duration ({@code PT60S}) or a whole
 * number of seconds, default 60 s; {@code ape.authority.capacity} — the maximum number of
 * outstanding tokens, default 100 000. A bad value is an {@link ApeConfigurationException}.
 */
public final class InMemoryAuthorityIssuerProvider implements AuthorityIssuerProvider {
  /** The configuration key of the time to live. */
  public static final String TTL_KEY = "ape.authority.ttl";
  /** The configuration key of the capacity. */
  public static final String CAPACITY_KEY = "ape.authority.capacity";

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public InMemoryAuthorityIssuerProvider() {
    // stateless
  }

  @Override
  public String id() {
    return "in-memory";
  }

  @Override
  public AuthorityIssuer create(ProviderContext context) {
    InMemoryAuthorityIssuer.Builder b = InMemoryAuthorityIssuer.builder().clock(context.clock());
    context.property(TTL_KEY).ifPresent(raw -> {
      try {
        b.ttl(parseDuration(raw.trim()));
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new ApeConfigurationException(TTL_KEY + " must be a positive duration of at most "
            + InMemoryAuthorityIssuer.MAX_TTL + " (ISO-8601 like PT60S, or seconds), but was \""
            + raw + "\"", e);
      }
    });
    context.property(CAPACITY_KEY).ifPresent(raw -> {
      try {
        b.capacity(Integer.parseInt(raw.trim()));
      } catch (IllegalArgumentException e) {
        throw new ApeConfigurationException(CAPACITY_KEY
            + " must be an integer between 1 and 10000000, but was \"" + raw + "\"", e);
      }
    });
    return b.build();
  }

  private static Duration parseDuration(String raw) {
    if (!raw.isEmpty() && raw.chars().allMatch(Character::isDigit)) {
      return Duration.ofSeconds(Long.parseLong(raw));
    }
    return Duration.parse(raw);
  }
}
