package io.ape.policy.yaml.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ape.api.PolicyLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every entry point of the YAML factory yields the bounded parser, decoding bytes strictly. */
class BoundedYamlFactoryTest {
  private final com.fasterxml.jackson.core.JsonFactory factory =
      DocumentFormat.YAML.newFactory(PolicyLimits.defaults());

  @Test
  void everyEntryPointCreatesTheBoundedParser() throws IOException {
    byte[] bytes = "a: 1".getBytes(StandardCharsets.UTF_8);
    try (JsonParser fromString = factory.createParser("a: 1");
        JsonParser fromChars = factory.createParser("a: 1".toCharArray());
        JsonParser fromBytes = factory.createParser(bytes);
        JsonParser fromStream = factory.createParser(new ByteArrayInputStream(bytes))) {
      for (JsonParser parser : new JsonParser[] {fromString, fromChars, fromBytes, fromStream}) {
        assertThat(parser).isInstanceOf(BoundedYamlParser.class);
        assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      }
    }
  }

  @Test
  void bytesThatAreNotUtf8FailInsteadOfBecomingReplacementCharacters() throws IOException {
    try (JsonParser parser = factory.createParser(new byte[] {'a', ':', ' ', (byte) 0xff})) {
      assertThatThrownBy(() -> {
        while (parser.nextToken() != null) {
          parser.getText();
        }
      }).isInstanceOf(IOException.class);
    }
  }
}
