package io.ape.policy.yaml;

import io.ape.spi.PolicyParser;
import io.ape.spi.PolicyParserProvider;
import io.ape.spi.ProviderContext;
import io.ape.testkit.PolicyParserContract;
import io.ape.testkit.Providers;
import java.util.List;

/** The {@code json} parser, as the engine selects it, passes the PolicyParser contract. */
class JsonPolicyParserContractTest extends PolicyParserContract {
  @Override
  protected PolicyParser parser() {
    return Providers.load(PolicyParserProvider.class, "json").create(ProviderContext.defaults());
  }

  @Override
  protected byte[] validDocument() {
    return utf8(String.join("\n",
        "{",
        "  \"name\": \"contract\",",
        "  \"version\": \"1.0\",",
        "  \"default_decision\": \"deny\",",
        "  \"allowed_actions\": [\"list_directory\"],",
        "  \"rules\": [",
        "    {\"id\": \"read-tmp\", \"action\": \"read_file\", \"decision\": \"allow\",",
        "     \"conditions\": {\"path\": {\"prefix\": \"/tmp/\"}}}",
        "  ]",
        "}",
        ""));
  }

  @Override
  protected List<MalformedDocument> malformedDocuments() {
    return List.of(
        MalformedDocument.of("a syntax error (missing comma)",
            "{\n  \"name\": \"contract\"\n  \"default_decision\": \"deny\"\n}\n", 3),
        MalformedDocument.of("an unknown key", "{\n  \"default_decision\": \"deny\",\n"
            + "  \"rules\": [\n    {\"action\": \"read_file\", \"decision\": \"allow\",\n"
            + "     \"condition\": {}}\n  ]\n}\n", 5),
        MalformedDocument.of("a duplicate key", "{\n  \"name\": \"a\",\n"
            + "  \"default_decision\": \"deny\",\n  \"name\": \"b\"\n}\n", 4),
        MalformedDocument.of("a value of the wrong type", "{\n  \"default_decision\": \"deny\",\n"
            + "  \"rules\": [\n    {\"action\": \"read_file\",\n     \"decision\": 1}\n  ]\n}\n", 5),
        MalformedDocument.of("trailing content", "{\"default_decision\": \"deny\"}\n{}\n", 2),
        MalformedDocument.of("a comment", "{\n  // no comments in JSON\n"
            + "  \"default_decision\": \"deny\"\n}\n", 2));
  }
}
