/**
 * The YAML and JSON policy parsers: {@code io.ape.policy.yaml.PolicyParsers} for direct use, and
 * the {@code yaml} and {@code json} {@link io.ape.spi.PolicyParserProvider}s for
 * {@link java.util.ServiceLoader} discovery. The {@code internal} package is not exported.
 *
 * @since 0.2.0
 */
module io.ape.policy.yaml {
  requires transitive io.ape.api;
  requires org.slf4j;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml;

  exports io.ape.policy.yaml;

  provides io.ape.spi.PolicyParserProvider with
      io.ape.policy.yaml.internal.YamlPolicyParserProvider,
      io.ape.policy.yaml.internal.JsonPolicyParserProvider;
}
