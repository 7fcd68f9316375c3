package io.ape.mcp.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret a streamable-HTTP client presents ({@code Authorization: Bearer <token>}), read from
 * a file so that it never appears on a command line or in a process list.
 *
 * <p>The file holds the token on its first line (surrounding white space ignored): 16 to 4,096
 * printable ASCII characters without spaces. {@link #matches} compares in constant time: it
 * compares the SHA-256 digests of the two values with {@link MessageDigest#isEqual}, so neither
 * the position of the first wrong character nor the token's length shows in the time taken.
 * {@link #toString()} never shows the token.
 *
 * @since 0.2.0
 */
public final class BearerToken {
  private static final Logger LOG = LoggerFactory.getLogger(BearerToken.class);
  static final int MIN_CHARS = 16;
  static final int MAX_CHARS = 4096;

  private final byte[] digest;

  private BearerToken(String token) {
    this.digest = sha256(token.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Reads the token file.
   *
   * @throws McpGatewayException if it cannot be read or holds no usable token
   */
  public static BearerToken read(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      if (Files.size(file) > MAX_CHARS + 2L) {
        throw new McpGatewayException(file + ": the token file is larger than a token");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new McpGatewayException(file + ": cannot read the token file (" + e.getClass().getSimpleName() + ")", e);
    }
    String token = text.lines().findFirst().orElse("").strip();
    String problem = problem(token);
    if (problem != null) {
      throw new McpGatewayException(file + ": " + problem);
    }
    warnIfReadableByOthers(file);
    return new BearerToken(token);
  }

  /** A token given in code (tests, embedders). */
  public static BearerToken of(String token) {
    String problem = problem(Objects.requireNonNull(token, "token"));
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new BearerToken(token);
  }

  private static String problem(String token) {
    if (token.length() < MIN_CHARS) {
      return "the token must be at least " + MIN_CHARS + " characters long";
    }
    if (token.length() > MAX_CHARS) {
      return "the token must be at most " + MAX_CHARS + " characters long";
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return "the token must be printable ASCII without spaces";
      }
    }
    return null;
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn("the token file {} is readable by other users; chmod 600 it", file);
      }
    } catch (UnsupportedOperationException | IOException e) {
      LOG.debug("cannot check the permissions of {}: {}", file, e.toString());
    }
  }

  /**
   * Whether an {@code Authorization} header value presents this token ({@code Bearer <token>},
   * the scheme case-insensitive). Constant time in the token's content and length.
   */
  public boolean matches(String authorizationHeader) {
    String presented = "";
    if (authorizationHeader != null && authorizationHeader.length() > 7
        && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
        && authorizationHeader.length() <= 7 + MAX_CHARS) {
      presented = authorizationHeader.substring(7).strip();
    }
    byte[] candidate = sha256(presented.getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(candidate, digest) & !presented.isEmpty();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "BearerToken[***]";
  }
}
