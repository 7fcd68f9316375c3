package io.ape.policy.yaml;

import io.ape.spi.PolicyParser;
import io.ape.spi.PolicyParserProvider;
import io.ape.spi.ProviderContext;
import io.ape.testkit.PolicyParserContract;
import io.ape.testkit.Providers;
import java.util.List;

/** The {@code yaml} parser, as the engine selects it, passes the PolicyParser contract. */
class YamlPolicyParserContractTest extends PolicyParserContract {
  @Override
  protected PolicyParser parser() {
    return Providers.load(PolicyParserProvider.class, "yaml").create(ProviderContext.defaults());
  }

  @Override
  protected byte[] validDocument() {
    return utf8(String.join("\n",
        "name: contract",
        "version: \"1.0\"",
        "default_decision: deny",
        "allowed_actions: [list_directory]",
        "rules:",
        "  - id: read-tmp",
        "    action: read_file",
        "    decision: allow",
        "    conditions:",
        "      path: { prefix: /tmp/ }",
        ""));
  }

  @Override
  protected List<MalformedDocument> malformedDocuments() {
    return List.of(
        MalformedDocument.of("a syntax error (unclosed flow sequence)",
            "name: contract\ndefault_decision: deny\nallowed_actions: [read_file\nrules: []\n", 4),
        MalformedDocument.of("an unknown key", "name: contract\ndefault_decision: deny\n"
            + "rules:\n  - action: read_file\n    decision: allow\n    condition: {}\n", 6),
        MalformedDocument.of("a duplicate key", "name: contract\ndefault_decision: deny\n"
            + "name: again\n", 3),
        MalformedDocument.of("a value of the wrong type", "name: contract\n"
            + "default_decision: deny\nrules:\n  - action: read_file\n    decision: 1\n", 5),
        MalformedDocument.of("a tab in the indentation", "default_decision: deny\nrules:\n"
            + "\t- action: read_file\n", 3));
  }
}
