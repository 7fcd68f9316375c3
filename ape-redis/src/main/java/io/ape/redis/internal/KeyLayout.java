package io.ape.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The names of every key ape-redis stores (see the module README, "Key layout").
 *
 * <ul>
 *   <li>Limits and revocation epochs share one Redis Cluster slot, the hash tag
 *       {@code {<prefix>}}: one reservation checks global, per-action, per-target and per-session
 *       windows in one script, and one read returns the global, tenant and session epochs.
 *   <li>Sessions and single-use claims have a slot of their own each: {@code {<digest>}}.
 * </ul>
 *
 * <p>The engine's names (window and budget keys, tenant and session ids, approval ids, token
 * references) appear only as a digest: the first 144 bits of their SHA-256, base64url. Session
 * ids are bearer secrets and must not be readable by whoever can list the keys; a digest also
 * bounds the key length and keeps braces out of the hash tag. A short, readable kind (the
 * engine key's part before the first {@code :}, when it is a plain word) is kept for operators.
 */
public final class KeyLayout {
  private static final Pattern KIND = Pattern.compile("[a-z0-9_-]{1,24}");
  private static final int DIGEST_BYTES = 18;

  private final String prefix;
  private final String tagged;

  /** The layout under {@code prefix} (checked by the settings). */
  public KeyLayout(String prefix) {
    this.prefix = prefix;
    this.tagged = "{" + prefix + "}";
  }

  /** A window: {@code {p}:lim:wx:<kind>:<windowMs>:<digest>} (exact) or {@code ...:wb:...}. */
  public String window(String key, long windowMillis, boolean exact) {
    return tagged + ":lim:" + (exact ? "wx:" : "wb:") + kind(key) + ':' + windowMillis + ':'
        + digest(key);
  }

  /** A budget total: {@code {p}:lim:b:<kind>:<digest>}. */
  public String budget(String key) {
    return tagged + ":lim:b:" + kind(key) + ':' + digest(key);
  }

  /** The epoch of everything: {@code {p}:rev:g}. */
  public String globalEpoch() {
    return tagged + ":rev:g";
  }

  /** A tenant's epoch: {@code {p}:rev:t:<digest>}. */
  public String tenantEpoch(String tenant) {
    return tagged + ":rev:t:" + digest(tenant);
  }

  /** A session's epoch: {@code {p}:rev:s:<digest>}. */
  public String sessionEpoch(String session) {
    return tagged + ":rev:s:" + digest(session);
  }

  /** A session record: {@code p:ses:{<digest>}}. */
  public String session(String sessionId) {
    return prefix + ":ses:{" + digest(sessionId) + "}";
  }

  /** A claim of a ledger ({@code a} approvals, {@code t} tokens): {@code p:once:<l>:{<digest>}}. */
  public String claim(String ledger, String key) {
    return prefix + ":once:" + ledger + ":{" + digest(key) + "}";
  }

  /** Every key of this layout (for SCAN in tests and tools): {@code {p}:*} and {@code p:*}. */
  public String[] patterns() {
    return new String[] {tagged.replace("{", "\\{").replace("}", "\\}") + ":*", prefix + ":*"};
  }

  static String kind(String key) {
    int colon = key.indexOf(':');
    String head = colon < 0 ? key : key.substring(0, colon);
    return KIND.matcher(head).matches() ? head : "k";
  }

  static String digest(String value) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
    byte[] d = sha.digest(value.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(d, DIGEST_BYTES));
  }
}
