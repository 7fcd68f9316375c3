package io.ape.core.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonCanonicalJsonTest {

  @ParameterizedTest
  @CsvSource({
      "1.0, 1.0", "0.1, 0.1", "1e-07, 1.0E-7", "100.0, 100.0", "1e+16, 1.0E16",
      "1.5e+20, 1.5E20", "0.0001, 1.0E-4", "1.2345678901234568e+17, 1.2345678901234568E17",
      "123.456, 123.456", "-2.5, -2.5", "9999999999999998.0, 9.999999999999998E15",
      "1e-05, 1.0E-5", "0.0, 0.0", "-0.0, -0.0"})
  void floatsUsePythonRepr(String python, double value) {
    assertThat(PythonCanonicalJson.pythonFloat(value)).isEqualTo(python);
  }

  @Test
  void serialisationEdgeCasesVectorFromSection29() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("e", new BigInteger("100000000000000000000"));
    m.put("d", 1e-07);
    m.put("c", "\u00e9\uD83D\uDE00");
    m.put("b", Arrays.asList(true, null));
    m.put("a", 1.0);
    String json = PythonCanonicalJson.write(m);
    assertThat(json).isEqualTo(
        "{\"a\":1.0,\"b\":[true,null],\"c\":\"\\u00e9\\ud83d\\ude00\",\"d\":1e-07,"
            + "\"e\":100000000000000000000}");
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(json.getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("8d2ed0be45298dbfa9776252f677c97aa3278cb3c554deec2b09d90e72439303");
  }

  @Test
  void keysSortByCodePointNotUtf16Unit() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("\uD83D\uDE00", 1);
    m.put("\uFF61", 2);
    assertThat(PythonCanonicalJson.write(m)).isEqualTo("{\"\\uff61\":2,\"\\ud83d\\ude00\":1}");
  }

  @Test
  void controlCharactersAndQuotes() {
    assertThat(PythonCanonicalJson.write("a\"\\\n\r\t\b\f\u0001\u007f/"))
        .isEqualTo("\"a\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u007f/\"");
  }
}
