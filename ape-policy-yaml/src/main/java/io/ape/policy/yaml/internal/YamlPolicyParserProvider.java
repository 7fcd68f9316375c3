package io.ape.policy.yaml.internal;

import io.ape.spi.PolicyParser;
import io.ape.spi.PolicyParserProvider;
import io.ape.spi.ProviderContext;
import java.util.Set;

/** The {@code yaml} policy parser provider, for {@code .yaml} and {@code .yml} files. */
public final class YamlPolicyParserProvider implements PolicyParserProvider {
  /** Creates the provider (ServiceLoader). */
  public YamlPolicyParserProvider() {
    // stateless
  }

  @Override
  public String id() {
    return "yaml";
  }

  @Override
  public Set<String> fileExtensions() {
    return Set.of("yaml", "yml");
  }

  @Override
  public PolicyParser create(ProviderContext context) {
    return JacksonPolicyParser.yaml();
  }
}
