package io.ape.policy.yaml.internal;

import io.ape.spi.PolicyParser;
import io.ape.spi.PolicyParserProvider;
import io.ape.spi.ProviderContext;
import java.util.Set;

/** The {@code json} policy parser provider, for {@code .json} files. */
public final class JsonPolicyParserProvider implements PolicyParserProvider {
  /** Creates the provider (ServiceLoader). */
  public JsonPolicyParserProvider() {
    // stateless
  }

  @Override
  public String id() {
    return "json";
  }

  @Override
  public Set<String> fileExtensions() {
    return Set.of("json");
  }

  @Override
  public PolicyParser create(ProviderContext context) {
    return JacksonPolicyParser.json();
  }
}
