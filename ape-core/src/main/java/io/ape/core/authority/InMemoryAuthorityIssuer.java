package io.ape.core.authority;

import io.ape.api.ActionIds;
import io.ape.api.AuthorityException;
import io.ape.api.AuthorityToken;
import io.ape.api.Decision;
import io.ape.api.ParameterValues;
import io.ape.api.TenantMismatchException;
import io.ape.api.TokenBinding;
import io.ape.api.TokenConsumedException;
import io.ape.api.TokenExpiredException;
import io.ape.api.TokenMismatchException;
import io.ape.api.TokenNotFoundException;
import io.ape.api.TokenRevokedException;
import io.ape.core.canonical.ApeHashes;
import io.ape.spi.AuthorityIssuer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The built-in {@code in-memory} authority issuer: single-use tokens held in a bounded,
 * lock-free registry of this engine.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>issues only for an ALLOW decision about exactly the binding's action, and only for a
 *       parameter map whose canonical SHA-256 is the binding's (the token keeps its own deep
 *       copy of the parameters);</li>
 *   <li>accepts on {@link #consume} only the very instance it created and still holds
 *       (identity, never a lookup by id: a copied or re-created object carrying the same
 *       reference is refused), whose HMAC-SHA256 over serial, times, policy version and binding
 *       (keyed with a random 256-bit key drawn once per issuer; the binding enters as the
 *       SHA-256 of its fields) still verifies;</li>
 *   <li>consumes with one atomic compare-and-set: of any number of concurrent attempts exactly
 *       one wins;</li>
 *   <li>refuses expired tokens (TTL, default 60 s, measured on the injected {@link Clock}),
 *       revoked ones, ones issued under another policy version, and ones whose binding differs
 *       from the expected one in any field; a token presented with a wrong binding or tenant is
 *       revoked, as an attempted misuse;</li>
 *   <li>keeps at most {@code capacity} outstanding tokens: consumed and revoked tokens are
 *       dropped at once, expired ones on a periodic sweep, and a full registry refuses issuance
 *       with {@link TokenRegistryFullException}.</li>
 * </ul>
 * Token references ({@code <issuer-id>-<serial>}) are unique per issuer and not secret: holding
 * one grants nothing. Thread-safe; the hot path takes no lock (per-thread {@link Mac}
 * instances, a concurrent map, one shared counter).
 */
public final class InMemoryAuthorityIssuer implements AuthorityIssuer {
  /** The default time to live of a token. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
  /** The longest time to live a token may have. */
  public static final Duration MAX_TTL = Duration.ofHours(24);
  /** The default maximum number of outstanding tokens. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private static final int SWEEP_EVERY = 1024;
  private static final HexFormat HEX = HexFormat.of();

  private final Clock clock;
  private final Duration ttl;
  private final int capacity;
  private final String issuerId;
  private final ThreadLocal<MacState> macs;
  private final ConcurrentHashMap<Long, IssuedToken> registry = new ConcurrentHashMap<>();
  private final AtomicLong serials = new AtomicLong();
  private final ReentrantLock sweepLock = new ReentrantLock();

  /** An issuer with the default TTL and capacity on {@code clock}. */
  public InMemoryAuthorityIssuer(Clock clock) {
    this(builder().clock(clock));
  }

  private InMemoryAuthorityIssuer(Builder b) {
    this.clock = b.clock;
    this.ttl = b.ttl;
    this.capacity = b.capacity;
    SecureRandom random = new SecureRandom();
    byte[] keyBytes = new byte[32];
    random.nextBytes(keyBytes);
    byte[] id = new byte[4];
    random.nextBytes(id);
    this.issuerId = HEX.formatHex(id);
    SecretKeySpec key = new SecretKeySpec(keyBytes, "HmacSHA256");
    this.macs = ThreadLocal.withInitial(() -> new MacState(newMac(key)));
  }

  /** Starts building an issuer. */
  public static Builder builder() {
    return new Builder();
  }

  /** The time to live of the tokens this issuer creates. */
  public Duration ttl() {
    return ttl;
  }

  /** The maximum number of outstanding tokens. */
  public int capacity() {
    return capacity;
  }

  @Override
  public AuthorityToken issue(TokenBinding binding, Map<String, Object> parameters,
      Decision decision) {
    if (binding == null || decision == null) {
      throw new AuthorityException("refusing to issue a token: "
          + (binding == null ? "binding" : "decision") + " is missing");
    }
    if (!decision.isAllowed()) {
      throw new AuthorityException("refusing to issue a token for '" + binding.actionId()
          + "': the decision is " + decision.outcome() + " (" + decision.reason() + ")");
    }
    if (!decision.actionId().equals(binding.actionId())) {
      throw new AuthorityException("refusing to issue a token: the ALLOW decision is for action '"
          + ActionIds.printable(decision.actionId()) + "' but the binding is for '"
          + binding.actionId() + "'");
    }
    Map<String, Object> params = ParameterValues.copyOf(parameters);
    if (!ApeHashes.parametersHash(params).equals(binding.parametersHash())) {
      throw new AuthorityException("refusing to issue a token for '" + binding.actionId()
          + "': the parameters do not match the binding's parameter hash");
    }
    Instant now = clock.instant();
    if (registry.size() >= capacity) {
      sweep(now, true);
      if (registry.size() >= capacity) {
        throw new TokenRegistryFullException(capacity);
      }
    }
    Instant expires = now.plus(ttl);
    long serial = serials.incrementAndGet();
    String policyVersion = decision.policyVersion();
    IssuedToken token = new IssuedToken(this, serial, issuerId + "-" + Long.toHexString(serial),
        binding, params, now, expires, policyVersion,
        mac(serial, binding, now, expires, policyVersion));
    registry.put(serial, token);
    if (serial % SWEEP_EVERY == 0) {
      sweep(now, false);
    }
    return token;
  }

  @Override
  public void consume(AuthorityToken token, TokenBinding expected, String policyVersion) {
    Objects.requireNonNull(expected, "expected");
    IssuedToken t = own(token);
    if (registry.get(t.serial) != t) {
      throw notOutstanding(t);
    }
    if (!MessageDigest.isEqual(t.mac(), mac(t.serial, t.binding(), t.issuedAt(), t.expiresAt(),
        t.policyVersion()))) {
      revokeQuietly(t);
      throw new TokenNotFoundException("token " + t.reference() + " failed its integrity check");
    }
    TokenBinding b = t.binding();
    if (!b.tenantId().equals(expected.tenantId())) {
      revokeQuietly(t);
      throw new TenantMismatchException(b.tenantId(), expected.tenantId(), "token "
          + t.reference() + " belongs to tenant '" + b.tenantId() + "' but was used in tenant '"
          + expected.tenantId() + "'; it has been revoked");
    }
    String difference = firstDifference(b, expected);
    if (difference != null) {
      revokeQuietly(t);
      throw new TokenMismatchException("token " + t.reference() + " is bound to another "
          + difference + "; it has been revoked");
    }
    if (policyVersion == null || !policyVersion.equals(t.policyVersion())) {
      revokeQuietly(t);
      throw new TokenRevokedException("token " + t.reference() + " was issued under policy "
          + shortHash(t.policyVersion()) + " but the policy in force is "
          + shortHash(policyVersion) + "; a policy reload revokes outstanding tokens");
    }
    if (!clock.instant().isBefore(t.expiresAt())) {
      if (t.transition(IssuedToken.ISSUED, IssuedToken.EXPIRED)) {
        registry.remove(t.serial, t);
      }
      throw new TokenExpiredException("token " + t.reference() + " expired at " + t.expiresAt());
    }
    if (!t.transition(IssuedToken.ISSUED, IssuedToken.CONSUMED)) {
      throw notOutstanding(t);
    }
    registry.remove(t.serial, t);
  }

  @Override
  public boolean revoke(AuthorityToken token) {
    if (!(token instanceof IssuedToken t) || t.owner != this) {
      return false;
    }
    return revokeQuietly(t);
  }

  @Override
  public boolean isOutstanding(AuthorityToken token) {
    return token instanceof IssuedToken t && t.owner == this && t.state() == IssuedToken.ISSUED
        && registry.get(t.serial) == t && clock.instant().isBefore(t.expiresAt());
  }

  @Override
  public int revokeMatching(Predicate<TokenBinding> filter) {
    Objects.requireNonNull(filter, "filter");
    int count = 0;
    for (IssuedToken t : registry.values()) {
      boolean matches;
      try {
        matches = filter.test(t.binding());
      } catch (RuntimeException e) {
        matches = true; // a failing filter revokes (fail closed)
      }
      if (matches && revokeQuietly(t)) {
        count++;
      }
    }
    return count;
  }

  @Override
  public int outstanding() {
    Instant now = clock.instant();
    int n = 0;
    for (IssuedToken t : registry.values()) {
      if (t.state() == IssuedToken.ISSUED && now.isBefore(t.expiresAt())) {
        n++;
      }
    }
    return n;
  }

  /**
   * The life-cycle state of a token this issuer created (an expired token that was never
   * presented again still reads ISSUED until it is swept or presented).
   *
   * @throws TokenNotFoundException if this issuer did not create it
   */
  public TokenState stateOf(AuthorityToken token) {
    return own(token).lifecycleState();
  }

  /** Drops expired tokens now; returns how many. */
  public int sweepExpired() {
    return sweep(clock.instant(), true);
  }

  private int sweep(Instant now, boolean wait) {
    if (wait) {
      sweepLock.lock();
    } else if (!sweepLock.tryLock()) {
      return 0;
    }
    try {
      int n = 0;
      for (IssuedToken t : registry.values()) {
        if (!now.isBefore(t.expiresAt()) && t.transition(IssuedToken.ISSUED, IssuedToken.EXPIRED)) {
          n++;
        }
        if (t.state() != IssuedToken.ISSUED) {
          registry.remove(t.serial, t);
        }
      }
      return n;
    } finally {
      sweepLock.unlock();
    }
  }

  private IssuedToken own(AuthorityToken token) {
    if (token instanceof IssuedToken t && t.owner == this) {
      return t;
    }
    throw new TokenNotFoundException(token == null ? "no authority token was presented"
        : "token was not issued by this engine's authority issuer (forged, copied or foreign)");
  }

  private boolean revokeQuietly(IssuedToken t) {
    if (t.transition(IssuedToken.ISSUED, IssuedToken.REVOKED)) {
      registry.remove(t.serial, t);
      return true;
    }
    return false;
  }

  private static AuthorityException notOutstanding(IssuedToken t) {
    switch (t.state()) {
      case IssuedToken.CONSUMED:
        return new TokenConsumedException("token " + t.reference()
            + " was already used; tokens are single-use");
      case IssuedToken.REVOKED:
        return new TokenRevokedException("token " + t.reference() + " was revoked");
      case IssuedToken.EXPIRED:
        return new TokenExpiredException("token " + t.reference() + " expired at " + t.expiresAt());
      default:
        return new TokenNotFoundException("token " + t.reference() + " is no longer held by the issuer");
    }
  }

  private static String firstDifference(TokenBinding b, TokenBinding e) {
    if (!b.sessionId().equals(e.sessionId())) {
      return "session";
    }
    if (!b.intentVersion().equals(e.intentVersion())) {
      return "intent version (" + shortHash(b.intentVersion()) + ", expected "
          + shortHash(e.intentVersion()) + ")";
    }
    if (!b.planHash().equals(e.planHash())) {
      return "plan (" + shortHash(b.planHash()) + ", expected " + shortHash(e.planHash()) + ")";
    }
    if (b.stepIndex() != e.stepIndex()) {
      return "plan step (" + b.stepIndex() + ", expected " + e.stepIndex() + ")";
    }
    if (!b.actionId().equals(e.actionId())) {
      return "action ('" + b.actionId() + "', expected '" + ActionIds.printable(e.actionId()) + "')";
    }
    if (!b.toolId().equals(e.toolId())) {
      return "tool ('" + b.toolId() + "', expected '" + ActionIds.printable(e.toolId()) + "')";
    }
    if (!b.parametersHash().equals(e.parametersHash())) {
      return "parameter set (parameter hash " + shortHash(b.parametersHash()) + ", expected "
          + shortHash(e.parametersHash()) + ")";
    }
    return null;
  }

  private static String shortHash(String h) {
    if (h == null) {
      return "<none>";
    }
    return h.length() > 12 ? h.substring(0, 12) + "…" : h;
  }

  /**
   * HMAC-SHA256 over serial, issue and expiry times, policy version and the SHA-256 of every
   * binding field ({@link #bindingDigest}), each string as its length-prefixed UTF-8 bytes.
   */
  private byte[] mac(long serial, TokenBinding b, Instant issued, Instant expires,
      String policyVersion) {
    MacState st = macs.get();
    byte[] binding = bindingDigest(b, st);
    st.reset();
    st.putLong(serial);
    st.putLong(issued.getEpochSecond());
    st.putLong(issued.getNano());
    st.putLong(expires.getEpochSecond());
    st.putLong(expires.getNano());
    st.putString(policyVersion);
    st.putBytes(binding);
    return st.finish();
  }

  /**
   * The SHA-256 of the binding's fields (step index, then tenant, session, intent version, plan
   * hash, action, tool and parameter hash, length-prefixed). Each thread remembers the last
   * binding it digested (by identity: the token's own binding object), since a step's binding
   * is digested twice, on issue and on consume, usually by the same thread; no shared cache.
   */
  private static byte[] bindingDigest(TokenBinding b, MacState st) {
    if (st.lastBinding == b) {
      return st.lastDigest;
    }
    st.reset();
    st.putLong(b.stepIndex());
    st.putString(b.tenantId());
    st.putString(b.sessionId());
    st.putString(b.intentVersion());
    st.putString(b.planHash());
    st.putString(b.actionId());
    st.putString(b.toolId());
    st.putString(b.parametersHash());
    byte[] digest = st.sha256();
    st.lastBinding = b;
    st.lastDigest = digest;
    return digest;
  }

  /** A thread's {@link Mac}, SHA-256 and the buffer their input is encoded into. */
  private static final class MacState {
    private final Mac mac;
    private final MessageDigest sha256 = newSha256();
    private TokenBinding lastBinding;
    private byte[] lastDigest;
    private byte[] buf = new byte[512];
    private int len;

    MacState(Mac mac) {
      this.mac = mac;
    }

    void reset() {
      len = 0;
    }

    void putLong(long v) {
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        buf[len++] = (byte) (v >>> (i * 8));
      }
    }

    /** The UTF-8 bytes of {@code s}, length-prefixed (an injective encoding). */
    void putString(String s) {
      putBytes(s.getBytes(StandardCharsets.UTF_8)); // a plain copy for ASCII strings
    }

    /** {@code bytes}, length-prefixed. */
    void putBytes(byte[] bytes) {
      ensure(4 + bytes.length);
      putInt(bytes.length);
      System.arraycopy(bytes, 0, buf, len, bytes.length);
      len += bytes.length;
    }

    private void putInt(int v) {
      buf[len++] = (byte) (v >>> 24);
      buf[len++] = (byte) (v >>> 16);
      buf[len++] = (byte) (v >>> 8);
      buf[len++] = (byte) v;
    }

    byte[] sha256() {
      sha256.update(buf, 0, len);
      return sha256.digest();
    }

    byte[] finish() {
      mac.update(buf, 0, len);
      return mac.doFinal();
    }

    private void ensure(int more) {
      if (len + more > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "InMemoryAuthorityIssuer[id=" + issuerId + ", ttl=" + ttl + ", capacity=" + capacity
        + ", held=" + registry.size() + "]";
  }

  /** Builder for {@link InMemoryAuthorityIssuer}; not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Duration ttl = DEFAULT_TTL;
    private int capacity = DEFAULT_CAPACITY;

    private Builder() {}

    /** The clock expiry is measured on (default system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The time to live of each token (default 60 s).
     *
     * @throws IllegalArgumentException unless it is positive and at most {@link #MAX_TTL}
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
        throw new IllegalArgumentException("ttl must be positive and at most " + MAX_TTL + ": " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * The maximum number of outstanding tokens (default 100 000).
     *
     * @throws IllegalArgumentException unless it is between 1 and 10 000 000
     */
    public Builder capacity(int capacity) {
      if (capacity < 1 || capacity > 10_000_000) {
        throw new IllegalArgumentException("capacity must be between 1 and 10000000: " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /** Builds the issuer with a fresh random key. */
    public InMemoryAuthorityIssuer build() {
      return new InMemoryAuthorityIssuer(this);
    }
  }
}
