package io.ape.core.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ActionDefinition;
import io.ape.api.ActionParameterException;
import io.ape.api.RiskLevel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ParameterValidationTest {
  private final ActionRepository repo = StandardActions.createRepository();

  private static Map<String, Object> params(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void validParametersAreReturnedAsAnImmutableCopy() {
    Map<String, Object> input = params("path", "config.json");
    Map<String, Object> validated = repo.validateParameters("read_file", input);
    input.put("path", "/etc/shadow");
    assertThat(validated).containsExactly(Map.entry("path", "config.json"));
    assertThatThrownBy(() -> validated.put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void everyErrorIsListedAtOnce() {
    assertThatThrownBy(() -> repo.validateParameters("write_file",
        params("path", 42, "evil", "x", "create_directories", "yes")))
        .isInstanceOfSatisfying(ActionParameterException.class, e -> {
          assertThat(e.actionId()).isEqualTo("write_file");
          assertThat(e.errors()).containsExactly(
              "missing required parameter 'content'",
              "path: expected string, got integer",
              "unknown parameter 'evil' (allowed: path, content, encoding, create_directories)",
              "create_directories: expected boolean, got string");
          assertThat(e.getMessage()).startsWith(
              "Invalid parameters for action 'write_file': 4 errors: missing required");
        });
  }

  @Test
  void unknownKeyIsRejected_weak3() {
    assertThat(repo.checkParameters("read_file", params("path", "a", "evil", true)))
        .containsExactly("unknown parameter 'evil' (allowed: path, encoding)");
  }

  @Test
  void missingParametersAreRejected() {
    assertThat(repo.checkParameters("read_file", Map.of()))
        .containsExactly("missing required parameter 'path'");
    assertThat(repo.checkParameters("read_file", null))
        .containsExactly("missing required parameter 'path'");
    assertThat(repo.checkParameters("read_file", params("path", "")))
        .containsExactly("path: shorter than 1 characters");
    assertThat(repo.checkParameters("read_file", params("path", null)))
        .containsExactly("path: expected string, got null");
  }

  @Test
  void rangesAreChecked() {
    assertThat(repo.checkParameters("http_get", params("url", "https://a.example", "timeout", 0)))
        .containsExactly("timeout: 0 is below the minimum 1");
    assertThat(repo.checkParameters("http_get", params("url", "https://a.example", "timeout", 301L)))
        .containsExactly("timeout: 301 is above the maximum 300");
    assertThat(repo.checkParameters("http_get", params("url", "https://a.example",
        "timeout", new BigInteger("100000000000000000000"))))
        .containsExactly("timeout: 100000000000000000000 is above the maximum 300");
    assertThat(repo.checkParameters("list_directory", params("path", ".", "max_depth", 0)))
        .containsExactly("max_depth: 0 is below the minimum 1");
  }

  @Test
  void integerIsStrict() {
    assertThat(repo.checkParameters("http_get", params("url", "https://a.example", "timeout", 30.0)))
        .containsExactly("timeout: expected integer, got number");
    assertThat(repo.checkParameters("http_get", params("url", "https://a.example",
        "timeout", new BigDecimal("30")))).isEmpty();
    assertThat(repo.checkParameters("http_get", params("url", "https://a.example",
        "timeout", new BigDecimal("30.5")))).containsExactly("timeout: expected integer, got number");
  }

  @Test
  void enumAndLengths() {
    assertThat(repo.checkParameters("execute_code", params("language", "ruby", "code", "1")))
        .containsExactly("language: 'ruby' is not one of ['python', 'javascript', 'bash']");
    assertThat(repo.checkParameters("send_notification", params("channel", "#ops",
        "message", "x".repeat(4001)))).containsExactly("message: longer than 4000 characters");
    // lengths count code points, not UTF-16 units
    assertThat(repo.checkParameters("send_notification", params("channel", "#ops",
        "message", "\uD83D\uDE00".repeat(4000)))).isEmpty();
  }

  @Test
  void nestedSchemasAndItems() {
    assertThat(repo.checkParameters("http_get", params("url", "https://a.example",
        "headers", params("Accept", "json", "X-Num", 1))))
        .containsExactly("headers.X-Num: expected string, got integer");
    assertThat(repo.checkParameters("send_email", params("to", List.of(), "subject", "s",
        "body", "b"))).containsExactly("to: must have at least 1 items");
    assertThat(repo.checkParameters("send_email", params("to", List.of("bob@example.com",
        "not-an-address"), "subject", "s", "body", "b")))
        .containsExactly("to[1]: 'not-an-address' is not an e-mail address");
    assertThat(repo.checkParameters("delete_data", params("table", "t", "where", Map.of())))
        .containsExactly("where: must have at least 1 entries");
    assertThat(repo.checkParameters("query_data", params("query", "select 1",
        "parameters", List.of(1, "a", Map.of("x", List.of()))))).isEmpty();
  }

  @Test
  void uriFormatIsAssertedAndNetworkActionsTakeOnlyWebUrls() {
    assertThat(repo.checkParameters("http_get", params("url", "https://api.github.com/x?y=1")))
        .isEmpty();
    assertThat(repo.checkParameters("http_get", params("url", "not a url")))
        .containsExactly("url: URI contains whitespace or a control character");
    assertThat(repo.checkParameters("http_get", params("url", "/relative/path")))
        .containsExactly("url: '/relative/path' is not an absolute URI");
    assertThat(repo.checkParameters("http_get", params("url", "file:///etc/passwd")))
        .containsExactly("url: only http and https URLs are allowed, got scheme 'file'");
    assertThat(repo.checkParameters("http_post", params("url", "gopher://x")))
        .containsExactly("url: only http and https URLs are allowed, got scheme 'gopher'");
    assertThat(repo.checkParameters("http_get",
        params("url", "https://api.github.com@evil.example/")))
        .containsExactly("url: URLs with user info are not allowed");
    assertThat(repo.checkParameters("http_get", params("url", "http:///nohost")))
        .containsExactly("url: 'http:///nohost' has no host");
  }

  @Test
  void uriFormatInACustomActionAcceptsOtherSchemes() {
    ActionRepository custom = new ActionRepository();
    custom.register(ActionDefinition.builder("fetch_object").description("d")
        .riskLevel(RiskLevel.LOW)
        .parameterSchema(Map.of("type", "object", "properties",
            Map.of("uri", Map.of("type", "string", "format", "uri")))).build());
    assertThat(custom.checkParameters("fetch_object", Map.of("uri", "s3://bucket/key"))).isEmpty();
    assertThat(custom.checkParameters("fetch_object", Map.of("uri", "key"))).hasSize(1);
  }

  @Test
  void nulBytesAndControlCharactersInPathsAreRejected_weak32() {
    assertThat(repo.checkParameters("read_file", params("path", "config.json\0.png")))
        .containsExactly("path: contains a control character");
    assertThat(repo.checkParameters("write_file", params("path", "a\nb", "content", "x\ny")))
        .containsExactly("path: contains a control character");
    assertThat(repo.checkParameters("search_files", params("pattern", "*.py",
        "directory", "src\u001b[2J"))).containsExactly("directory: contains a control character");
    assertThat(repo.checkParameters("run_shell_command", params("command", "ls\0",
        "working_directory", "/tmp"))).containsExactly("command: contains a NUL character");
    assertThat(repo.checkParameters("write_file", params("path", "a", "content", "line\nline\t")))
        .isEmpty();
    assertThat(repo.checkParameters("read_file", params("path", "x".repeat(4097))))
        .containsExactly("path: longer than 4096 characters");
    assertThat(repo.checkParameters("insert_data", params("table", "t",
        "data", params("k\0", List.of("v\0")))))
        .containsExactly("data: a key contains a NUL character",
            "data.k\\u0000[0]: contains a NUL character");
  }

  @Test
  void queryMustBeSelectIsEnforced() {
    assertThat(repo.checkParameters("query_data", params("query", "SELECT name FROM users")))
        .isEmpty();
    assertThat(repo.checkParameters("query_data",
        params("query", "select * from logs where msg = 'please delete me';"))).isEmpty();
    assertThat(repo.checkParameters("query_data", params("query", "DELETE FROM users")))
        .containsExactly("query: must be a SELECT statement");
    assertThat(repo.checkParameters("query_data",
        params("query", "select 1; drop table users"))).containsExactly(
            "query: must be a single statement");
    assertThat(repo.checkParameters("query_data",
        params("query", "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x")))
        .containsExactly("query: must be read-only (found 'DELETE')");
    assertThat(repo.checkParameters("query_data",
        params("query", "select * into backup from users")))
        .containsExactly("query: must be read-only (found 'into')");
    assertThat(repo.checkParameters("query_data",
        params("query", "select * from t for update"))).hasSize(1);
  }

  @Test
  void unsupportedValueTypesAreTypedErrors() {
    Map<String, Object> bad = new HashMap<>();
    bad.put("path", new StringBuilder("config.json"));
    assertThatThrownBy(() -> repo.validateParameters("read_file", bad))
        .isInstanceOf(ActionParameterException.class)
        .hasMessageContaining("unsupported parameter value type java.lang.StringBuilder");
    assertThat(repo.checkParameters("read_file", bad)).singleElement().asString()
        .contains("unsupported parameter value type");
    Map<Object, Object> nonStringKey = new HashMap<>();
    nonStringKey.put(1, "x");
    assertThat(repo.checkParameters("insert_data", params("table", "t", "data", nonStringKey)))
        .singleElement().asString().contains("parameter keys must be strings");
  }

  @Test
  void deeplyNestedValuesAreRejected() {
    Object deep = "x";
    for (int i = 0; i < 40; i++) {
      deep = List.of(deep);
    }
    assertThat(repo.checkParameters("query_data", params("query", "select 1", "parameters", deep)))
        .singleElement().asString().contains("nested deeper than");
  }

  @Test
  void errorListIsBounded() {
    Map<String, Object> many = new LinkedHashMap<>();
    many.put("path", "p");
    for (int i = 0; i < 200; i++) {
      many.put("k" + i, i);
    }
    List<String> errors = repo.checkParameters("read_file", many);
    assertThat(errors).hasSize(ValidationErrors.MAX + 1);
    assertThat(errors.get(errors.size() - 1)).isEqualTo("... and 150 more errors");
  }

  @Test
  void hostileKeysAreEscapedAndTruncatedInMessages() {
    String key = "\u202Eevil" + "y".repeat(100);
    List<String> errors = repo.checkParameters("read_file", params("path", "a", key, 1));
    assertThat(errors).singleElement().asString()
        .startsWith("unknown parameter '\\u202eevilyyy").contains("...'")
        .hasSizeLessThan(120);
  }

  @Test
  void uniqueItemsUsesJsonEquality() {
    ActionRepository custom = new ActionRepository();
    custom.register(ActionDefinition.builder("tagger").description("d").riskLevel(RiskLevel.LOW)
        .parameterSchema(Map.of("type", "object", "properties", Map.of("tags",
            Map.of("type", "array", "uniqueItems", true, "maxItems", 3)))).build());
    assertThat(custom.checkParameters("tagger", Map.of("tags", List.of(1, 1L))))
        .containsExactly("tags: items 0 and 1 are equal");
    assertThat(custom.checkParameters("tagger", Map.of("tags", List.of(1, 2, 3, 4))))
        .containsExactly("tags: must have at most 3 items");
    assertThat(custom.checkParameters("tagger", Map.of("tags", List.of(1, "1")))).isEmpty();
  }

  @Test
  void typeListsConstAndNull() {
    ActionRepository custom = new ActionRepository();
    Map<String, Object> enumWithNull = new HashMap<>();
    enumWithNull.put("enum", java.util.Arrays.asList("a", null));
    custom.register(ActionDefinition.builder("t").description("d").riskLevel(RiskLevel.LOW)
        .parameterSchema(Map.of("type", "object", "properties", Map.of(
            "a", Map.of("type", List.of("string", "null")),
            "b", Map.of("const", 2),
            "c", enumWithNull,
            "d", Map.of("type", "number", "exclusiveMinimum", 0, "exclusiveMaximum", 1))))
        .build());
    Map<String, Object> ok = new HashMap<>();
    ok.put("a", null);
    ok.put("b", 2.0);
    ok.put("c", null);
    ok.put("d", 0.5);
    assertThat(custom.checkParameters("t", ok)).isEmpty();
    assertThat(custom.checkParameters("t", Map.of("a", 1, "b", 3, "c", "z", "d", 1)))
        .containsExactlyInAnyOrder("a: expected null or string, got integer", "b: must equal 2",
            "c: 'z' is not one of ['a', null]", "d: 1 must be less than 1");
    assertThat(custom.checkParameters("t", Map.of("d", Double.NaN)))
        .containsExactly("d: expected number, got number");
  }

  @Property(tries = 300)
  void anyPathWithAControlCharacterIsRejected(
      @ForAll @StringLength(max = 20) String prefix,
      @ForAll @CharRange(from = '\u0000', to = '\u001f') char control,
      @ForAll @StringLength(max = 20) String suffix) {
    assertThat(repo.checkParameters("read_file", Map.of("path", prefix + control + suffix)))
        .contains("path: contains a control character");
  }

  @Property(tries = 300)
  void anyPrintablePathIsAccepted(
      @ForAll @StringLength(min = 1, max = 200) @CharRange(from = ' ', to = '~') String path) {
    assertThat(repo.checkParameters("read_file", Map.of("path", path))).isEmpty();
  }

  @Property(tries = 200)
  void extraKeysAreAlwaysRejected(@ForAll @StringLength(min = 1, max = 10) String key) {
    if (key.equals("path") || key.equals("encoding")) {
      return;
    }
    List<String> errors = new ArrayList<>(repo.checkParameters("read_file",
        Map.of("path", "a", key, "v")));
    assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("unknown parameter"));
  }
}
