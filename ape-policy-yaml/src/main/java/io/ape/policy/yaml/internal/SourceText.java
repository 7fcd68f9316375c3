package io.ape.policy.yaml.internal;

import io.ape.api.PolicyParseException;
import io.ape.api.SourceLocation;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The raw bytes of a policy: their digest and their strict UTF-8 decoding. */
final class SourceText {
  private SourceText() {}

  /** Lower-case hex SHA-256 of the bytes. */
  static String sha256Hex(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * Decodes UTF-8 strictly (no replacement characters) and drops a leading byte-order mark.
   *
   * @throws PolicyParseException at the line and column of the first malformed byte sequence
   */
  static String decodeUtf8(byte[] content, String source) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(content);
    CharBuffer out = CharBuffer.allocate(content.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw malformed(source, out, in.position(), content);
    }
    out.flip();
    if (out.hasRemaining() && out.charAt(0) == '\uFEFF') {
      out.position(1);
    }
    return out.toString();
  }

  private static PolicyParseException malformed(String source, CharBuffer decoded, int offset,
      byte[] content) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < decoded.position(); i++) {
      if (decoded.get(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new PolicyParseException(new SourceLocation(source, line, column), "",
        String.format("invalid UTF-8 (byte 0x%02x at offset %d); a policy must be UTF-8 text",
            content[offset] & 0xff, offset));
  }
}
