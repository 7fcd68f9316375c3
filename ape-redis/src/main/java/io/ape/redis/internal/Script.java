package io.ape.redis.internal;

import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script shipped in this package, with its SHA-1 (for {@code EVALSHA}).
 *
 * @param name the resource name without {@code .lua}
 * @param source the script
 * @param sha1 its SHA-1, lower-case hex
 * @param output how Lettuce reads its reply
 */
public record Script(String name, String source, String sha1, ScriptOutputType output) {
  /** LimitLedger.reserve: all windows and budgets, all or nothing. */
  public static final Script RESERVE = load("reserve", ScriptOutputType.MULTI);
  /** LimitLedger.used. */
  public static final Script USED = load("used", ScriptOutputType.INTEGER);
  /** RevocationRegistry.epochs. */
  public static final Script EPOCHS = load("epochs", ScriptOutputType.MULTI);
  /** RevocationRegistry.revoke*. */
  public static final Script REVOKE = load("revoke", ScriptOutputType.INTEGER);
  /** SessionStore.create. */
  public static final Script SESSION_CREATE = load("session-create", ScriptOutputType.INTEGER);
  /** SessionStore.end. */
  public static final Script SESSION_END = load("session-end", ScriptOutputType.INTEGER);

  static Script load(String name, ScriptOutputType output) {
    try (InputStream in = Script.class.getResourceAsStream(name + ".lua")) {
      if (in == null) {
        throw new IllegalStateException("the script " + name + ".lua is missing from ape-redis");
      }
      String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      byte[] sha = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      return new Script(name, source, HexFormat.of().formatHex(sha), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available in this JVM", e);
    }
  }
}
