package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration file that is not valid JSON gives a typed error with file:line:column and the
 * offending character described (code point, name, printable form), never Jackson's masked
 * message.
 */
class InvalidJsonConfigMessagesTest {
  private final McpConfigReader reader = new McpConfigReader();
  @TempDir Path dir;

  private McpConfigParseException readBad(String name, byte[] bytes) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> reader.read(f));
    assertThat(t).isInstanceOf(McpConfigParseException.class);
    McpConfigParseException e = (McpConfigParseException) t;
    assertThat(e.getMessage())
        .startsWith("invalid MCP configuration " + f + ":" + e.line() + ":" + e.column() + ": ")
        .doesNotContain("Unexpected character ('")
        .doesNotContain("CTRL-CHAR")
        .doesNotContain("com.fasterxml")
        .doesNotContain("\n");
    return e;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aNulByteIsNamedWithItsPosition() throws IOException {
    McpConfigParseException e = readBad("nul.json",
        utf8("{\"mcpServers\": {\n  \"a\": \u0000{\"command\": \"x\"}}}"));
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(8);
    assertThat(e.problem()).contains("U+0000").contains("NULL").contains("not printable")
        .contains("NUL byte");
    assertThat(e.getMessage()).doesNotContain("\u0000");
  }

  @Test
  void aSmartQuoteIsShownAndExplained() throws IOException {
    McpConfigParseException e = readBad("smart.json",
        utf8("{\"mcpServers\": {\n  \"a\": {\"command\": \u201cnpx\u201d}}}"));
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(20);
    assertThat(e.problem()).contains("U+201C LEFT DOUBLE QUOTATION MARK \"\u201c\"")
        .contains("straight double quotes");
    assertThat(e.getMessage()).doesNotContain("npx");
  }

  @Test
  void aStrayCommaAfterATrailingCommaIsAnError() throws IOException {
    McpConfigParseException e = readBad("comma.json",
        utf8("{\"mcpServers\": {\"a\": {\"command\": \"x\",,}}}"));
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(38);
    assertThat(e.problem()).contains("U+002C COMMA \",\"");
  }

  @Test
  void oneTrailingCommaIsAcceptedAsVsCodeDoes() {
    McpConfig c = reader.parse("{\"mcpServers\": {\"a\": {\"command\": \"x\",},}}", "c.json", null);
    assertThat(c.servers()).hasSize(1);
  }

  @Test
  void aTruncatedFileSaysWhatIsNotClosed() throws IOException {
    McpConfigParseException e = readBad("truncated.json",
        utf8("{\"mcpServers\": {\n  \"a\": {\"command\": \"x\", \"args\": [\"-y\""));
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(38);
    assertThat(e.problem()).startsWith("the file ends too early").contains("array");
  }

  @Test
  void aTruncatedStringSaysTheStringIsNotClosed() throws IOException {
    McpConfigParseException e = readBad("truncated2.json", utf8("{\"mcpServers\": {\"a\": \"b"));
    assertThat(e.problem()).startsWith("the file ends too early").contains("string");
  }

  @Test
  void aLeadingByteOrderMarkIsAccepted() throws IOException {
    Path f = dir.resolve("bom.json");
    Files.write(f, utf8("\ufeff{\"mcpServers\": {\"a\": {\"command\": \"x\"}}}"));
    assertThat(reader.read(f).servers()).hasSize(1);
  }

  @Test
  void aByteOrderMarkInsideTheFileIsNamed() throws IOException {
    McpConfigParseException e = readBad("bom2.json",
        utf8("\ufeff\ufeff{\"mcpServers\": {}}"));
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(1);
    assertThat(e.problem()).contains("U+FEFF").contains("byte order mark");
  }

  @Test
  void aNonBreakingSpaceIsNamed() throws IOException {
    McpConfigParseException e = readBad("nbsp.json", utf8("{\"mcpServers\":\u00a0{}}"));
    assertThat(e.column()).isEqualTo(15);
    assertThat(e.problem()).contains("U+00A0 NO-BREAK SPACE (not printable)");
  }

  @Test
  void aControlCharacterInsideAStringIsNamedWithoutTheSecretAroundIt() throws IOException {
    McpConfigParseException e = readBad("ctl.json",
        utf8("{\"mcpServers\": {\"a\": {\"command\": \"x\", \"env\": {\"T\": \"sekrit-value\u0001-rest\"}}}}"));
    assertThat(e.problem()).contains("U+0001").contains("inside a string");
    assertThat(e.getMessage()).doesNotContain("sekrit");
  }

  @Test
  void invalidUtf8IsReportedWithTheByteAndPosition() throws IOException {
    McpConfigParseException e = readBad("latin1.json",
        new byte[] {'{', '\n', '"', 'a', (byte) 0xE9, '"', ':', '1', '}'});
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(3);
    assertThat(e.problem()).contains("0xE9").contains("UTF-8");
  }

  @Test
  void aUtf16FileWithItsByteOrderMarkIsRead() throws IOException {
    Path f = dir.resolve("utf16.json");
    Files.write(f, "\ufeff{\"mcpServers\": {\"a\": {\"command\": \"x\"}}}".getBytes(StandardCharsets.UTF_16BE));
    assertThat(reader.read(f).servers()).hasSize(1);
  }
}
