package io.ape.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Policy;
import io.ape.api.PolicyLimits;
import io.ape.spi.PolicyParser;
import io.ape.spi.PolicyParserProvider;
import io.ape.spi.ProviderContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Both providers are found through META-INF/services and create working parsers. */
class ProviderDiscoveryTest {

  private static Map<String, PolicyParserProvider> providers() {
    return ServiceLoader.load(PolicyParserProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .collect(Collectors.toMap(PolicyParserProvider::id, Function.identity()));
  }

  @Test
  void serviceLoaderFindsTheYamlAndJsonProviders() {
    Map<String, PolicyParserProvider> providers = providers();

    assertThat(providers).containsOnlyKeys("yaml", "json");
    assertThat(providers.get("yaml").fileExtensions()).isEqualTo(Set.of("yaml", "yml"));
    assertThat(providers.get("json").fileExtensions()).isEqualTo(Set.of("json"));
    assertThat(providers.values()).allSatisfy(p -> assertThat(p.priority()).isZero());
  }

  @Test
  void eachProviderCreatesAParserForItsFormat() {
    Map<String, PolicyParserProvider> providers = providers();
    PolicyParser yaml = providers.get("yaml").create(ProviderContext.defaults());
    PolicyParser json = providers.get("json").create(ProviderContext.defaults());

    Policy fromYaml = yaml.parse("allowed_actions: [read_file]".getBytes(StandardCharsets.UTF_8),
        "a.yml", PolicyLimits.defaults());
    Policy fromJson = json.parse("{\"allowed_actions\": [\"read_file\"]}"
        .getBytes(StandardCharsets.UTF_8), "a.json", PolicyLimits.defaults());

    assertThat(fromYaml.source().format()).isEqualTo("yaml");
    assertThat(fromJson.source().format()).isEqualTo("json");
    assertThat(fromYaml.allowedActions()).isEqualTo(fromJson.allowedActions())
        .isEqualTo(List.of("read_file"));
  }

  @Test
  void theJsonParserDoesNotAcceptYaml() {
    PolicyParser json = providers().get("json").create(ProviderContext.defaults());

    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> json.parse(
        "allowed_actions: [read_file]".getBytes(StandardCharsets.UTF_8), "a.json",
        PolicyLimits.defaults()))).isInstanceOf(io.ape.api.PolicyParseException.class)
        .hasMessageContaining("malformed JSON");
  }

  @Test
  void nullSourceNameAndLimitsFallBackToSafeDefaults() {
    Policy policy = PolicyParsers.yaml().parse("{}".getBytes(StandardCharsets.UTF_8), null, null);

    assertThat(policy.source().name()).isEqualTo("<policy>");
  }
}
