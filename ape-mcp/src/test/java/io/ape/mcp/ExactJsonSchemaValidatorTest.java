package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two schemas that the SDK's validator confuses (same hash code, same $id) are told apart. */
class ExactJsonSchemaValidatorTest {
  private static final Map<String, Object> AA = Map.of("type", "object",
      "properties", Map.of("Aa", Map.of("type", "string")));
  private static final Map<String, Object> BB = Map.of("type", "object",
      "properties", Map.of("BB", Map.of("type", "string")));

  @Test
  void schemasWithOneHashCodeAreNotConfused() {
    assertThat(AA.hashCode()).isEqualTo(BB.hashCode());
    DefaultJsonSchemaValidator sdk = new DefaultJsonSchemaValidator();
    assertThat(sdk.validate(BB, Map.of("Aa", 1)).valid()).isTrue();
    assertThat(sdk.validate(AA, Map.of("Aa", 1)).valid()).as("the SDK reuses BB's compiled schema").isTrue();

    ExactJsonSchemaValidator exact = new ExactJsonSchemaValidator();
    assertThat(exact.validate(BB, Map.of("Aa", 1)).valid()).isTrue();
    assertThat(exact.validate(AA, Map.of("Aa", 1)).valid()).isFalse();
  }

  @Test
  void aSharedIdDoesNotShareASchema() {
    Map<String, Object> first = Map.of("$id", "urn:x", "type", "object",
        "properties", Map.of("n", Map.of("type", "string")));
    Map<String, Object> second = Map.of("$id", "urn:x", "type", "object",
        "properties", Map.of("n", Map.of("type", "integer")));
    ExactJsonSchemaValidator exact = new ExactJsonSchemaValidator();
    assertThat(exact.validate(first, Map.of("n", "s")).valid()).isTrue();
    assertThat(exact.validate(second, Map.of("n", "s")).valid()).isFalse();
  }
}
