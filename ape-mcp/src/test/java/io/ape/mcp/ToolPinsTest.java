package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tool definition hashes and the lock file. */
class ToolPinsTest {
  @TempDir
  Path dir;

  private static McpSchema.Tool tool(String name, String description, Map<String, Object> schema,
      Boolean readOnly) {
    McpSchema.Tool.Builder b = McpSchema.Tool.builder(name, schema).description(description);
    if (readOnly != null) {
      b.annotations(McpSchema.ToolAnnotations.builder().readOnlyHint(readOnly).build());
    }
    return b.build();
  }

  private static Map<String, Object> schema(List<String> params) {
    Map<String, Object> props = new LinkedHashMap<>();
    params.forEach(p -> props.put(p, Map.of("type", "string", "description", "the " + p)));
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", props);
    return s;
  }

  /** Attack class: a rug pull that changes any one field must change the hash. */
  @Property(tries = 200)
  void anyChangeToAnyPinnedFieldChangesTheHash(@ForAll @AlphaChars @StringLength(min = 1, max = 30) String name,
      @ForAll @StringLength(max = 200) String description,
      @ForAll @AlphaChars @StringLength(min = 1, max = 10) String extra, @ForAll @IntRange(min = 0, max = 4) int field) {
    McpSchema.Tool base = tool(name, description, schema(List.of("path")), true);
    McpSchema.Tool changed = switch (field) {
      case 0 -> tool(name + extra, description, schema(List.of("path")), true);
      case 1 -> tool(name, description + extra, schema(List.of("path")), true);
      case 2 -> tool(name, description, schema(List.of("path", "path" + extra)), true);
      case 3 -> tool(name, description, schema(List.of("path")), false);
      default -> McpSchema.Tool.builder(name, schema(List.of("path"))).description(description)
          .title(extra).annotations(base.annotations()).build();
    };
    assertThat(ToolDefinitions.sha256(changed)).isNotEqualTo(ToolDefinitions.sha256(base));
  }

  /** The same definition sent with its keys in another order is the same definition. */
  @Property(tries = 100)
  void theOrderOfKeysDoesNotMatter(@ForAll("params") List<String> params) {
    List<String> reversed = new ArrayList<>(params);
    Collections.reverse(reversed);
    assertThat(ToolDefinitions.sha256(tool("t", "d", schema(params), true)))
        .isEqualTo(ToolDefinitions.sha256(tool("t", "d", schema(reversed), true)));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<List<String>> params() {
    return net.jqwik.api.Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).list().uniqueElements()
        .ofMinSize(1).ofMaxSize(6);
  }

  @Test
  void metaAndIconsAreNotPinned() {
    McpSchema.Tool a = McpSchema.Tool.builder("t", schema(List.of("p"))).description("d").build();
    McpSchema.Tool b = McpSchema.Tool.builder("t", schema(List.of("p"))).description("d")
        .meta(Map.of("x", "y")).build();
    assertThat(ToolDefinitions.sha256(a)).isEqualTo(ToolDefinitions.sha256(b)).hasSize(64);
  }

  @Test
  void aLockRoundTripsAndIsDeterministic() throws Exception {
    Map<String, Map<String, String>> pins = new LinkedHashMap<>();
    pins.put("zeta", Map.of("b", "a".repeat(64), "a", "b".repeat(64)));
    pins.put("alpha", Map.of("x", "c".repeat(64)));
    ToolLock lock = ToolLock.of("claude.json", pins);
    Path f = dir.resolve("l.lock");
    Files.writeString(f, lock.toJson(), StandardCharsets.UTF_8);
    ToolLock read = ToolLock.read(f);
    assertThat(read).isEqualTo(lock);
    assertThat(read.toJson()).isEqualTo(lock.toJson());
    assertThat(lock.toJson().indexOf("alpha")).isLessThan(lock.toJson().indexOf("zeta"));
    assertThat(read.pin("zeta", "a")).contains("b".repeat(64));
    assertThat(read.pin("zeta", "nope")).isEmpty();
    assertThat(read.size()).isEqualTo(3);
  }

  @Test
  void aBrokenLockFileIsRefusedWithTheReason() throws Exception {
    Map<String, String> bad = Map.of(
        "{}", "not a lock file of format",
        "{\"format\": \"ape-mcp-lock/1\", \"servers\": {\"s\": {\"t\": \"XYZ\"}}}", "lower-case hex",
        "{\"format\": \"ape-mcp-lock/1\", \"servers\": {\"s\": {\"t\": \"" + "a".repeat(64) + "\", \"t\": \""
            + "b".repeat(64) + "\"}}}", "invalid JSON",
        "{\"format\": \"ape-mcp-lock/1\", \"servers\": {}, \"allow_all\": true}", "unknown key",
        "{\"format\": \"ape-mcp-lock/1\", \"servers\": []}", "must be an object",
        "[1]", "not a JSON object");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Path f = dir.resolve("bad.lock");
      Files.writeString(f, e.getKey(), StandardCharsets.UTF_8);
      assertThatThrownBy(() -> ToolLock.read(f)).as(e.getKey()).isInstanceOf(McpConfigException.class)
          .hasMessageContaining(e.getValue());
    }
    assertThatThrownBy(() -> ToolLock.read(dir.resolve("missing.lock"))).isInstanceOf(McpConfigException.class)
        .hasMessageContaining("no such lock file");
  }
}
