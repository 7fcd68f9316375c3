package io.ape.core.provenance;

import io.ape.api.ActionParameterException;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceTracker;
import io.ape.core.internal.Printable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link ProvenanceTracker}: labels each argument value of a proposed call by where
 * it occurred among the session's recorded inputs (DESIGN §13).
 *
 * <p><b>Labels.</b> A leaf value (string, number, boolean) is
 * <ol>
 *   <li>{@link Provenance#USER_TRUSTED} if it occurs <em>whole</em> in one trusted input, compared
 *       exactly ({@link TrustedForm}): after NFC and with whitespace runs as one separator, case
 *       and every other character significant, and only as a whole token sequence
 *       ({@code bob@acme.com} is not in {@code evilbob@acme.com.evil}, {@code 1} is not in
 *       {@code pay 100}; leading brackets and quotes and trailing brackets, quotes and sentence
 *       marks of a word may be left off). Numbers compare by value ({@code 100}, {@code 100.0},
 *       {@code 1e2} are one value; {@code 1,000} is not read as a number, {@code $100} is 100);
 *       booleans only against booleans of structured trusted inputs (the word "true" in a message
 *       does not vouch for a flag). This holds even if the value also occurs in untrusted input:
 *       the user wrote it.</li>
 *   <li>{@link Provenance#EXTERNAL_UNTRUSTED} otherwise, if it occurs whole in untrusted input or
 *       contains a run of at least {@link TrackerLimits#minCopiedRun() K} letters and digits
 *       copied from untrusted input (an e-mail body that quotes a tool result), compared in the
 *       folded {@link Skeleton} (case, whitespace, punctuation, accents, compatibility forms,
 *       Cyrillic/Greek/Armenian look-alikes and invisible characters do not hide a copy); or if
 *       the tracker is saturated, or the value is too large or too deep to inspect.</li>
 *   <li>{@link Provenance#MODEL_GENERATED} otherwise, and for {@code null}, blank strings and
 *       empty lists and maps (no data is not the user's data).</li>
 * </ol>
 * Lists, arrays and collections take the least trusted label of their elements, maps of their
 * values; a map key carrying a run of K or more characters copied from untrusted input makes
 * the map EXTERNAL_UNTRUSTED (keys are otherwise structure). So a long value that merely
 * contains a trusted fragment is not trusted: only a value found whole in trusted input is.
 *
 * <p><b>Errors.</b> Toward "trusted", none: trusted matching is exact, never a hash. Toward
 * "untrusted", some: untrusted text is kept as 32-bit fingerprints, so a value can be labelled
 * EXTERNAL_UNTRUSTED by a hash collision (about one chance in {@code 2^32 / fingerprints} per
 * compared window), and runs a little shorter than K may count as copied. A copy that was
 * transformed (translated, encoded, re-spelled) is not recognised: it stays MODEL_GENERATED,
 * which is not trusted either. Short values (small numbers, common words) can occur in a user's
 * message by coincidence; put {@code provenance: trusted} on parameters that identify (recipients,
 * accounts, URLs), and limits on amounts.
 *
 * <p><b>Bounds</b> ({@link TrackerLimits}): past any of them the tracker fails closed. Trusted
 * inputs past {@code maxTrustedChars} are dropped whole; an untrusted input past
 * {@code maxUntrustedChars} saturates the tracker (every value not USER_TRUSTED is then
 * EXTERNAL_UNTRUSTED, and the untrusted index is released, so labelling cost and memory stop
 * growing there). Values larger or deeper than the limits are EXTERNAL_UNTRUSTED.
 *
 * <p>Deterministic: labels depend only on what was recorded (and, within the bounds, not on the
 * order). Thread-safe: recording takes a write lock, labelling a read lock; normalising an input
 * happens outside the lock.
 *
 * @since 0.2.0
 */
public final class ValueProvenanceTracker implements ProvenanceTracker {
  private static final Logger LOG = LoggerFactory.getLogger(ValueProvenanceTracker.class);

  private final TrackerLimits limits;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final TrustedCorpus trusted = new TrustedCorpus();
  /** The fingerprint scheme; pure, usable outside the lock. */
  private final UntrustedIndex scheme;
  /** The untrusted index, or {@code null} once saturated. */
  private UntrustedIndex untrusted;
  private long trustedChars;
  private long untrustedChars;
  private int droppedTrustedInputs;
  private volatile boolean saturated;

  /** A tracker with the {@linkplain TrackerLimits#defaults() default limits}. */
  public ValueProvenanceTracker() {
    this(TrackerLimits.defaults());
  }

  /** A tracker with the given limits. */
  public ValueProvenanceTracker(TrackerLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.untrusted = new UntrustedIndex(limits.minCopiedRun());
    this.scheme = untrusted;
  }

  /** The limits of this tracker. */
  public TrackerLimits limits() {
    return limits;
  }

  /** A snapshot of what this tracker holds. */
  public TrackerStats stats() {
    lock.readLock().lock();
    try {
      UntrustedIndex u = untrusted;
      return new TrackerStats(trustedChars, untrustedChars, droppedTrustedInputs, saturated,
          u == null ? 0 : u.size(), u == null ? 0 : u.bytes());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Strings, numbers and booleans are kept (map keys are not); a {@code null} value records
   * nothing. An input that is too large, too deep or unreadable is dropped whole.
   */
  @Override
  public void recordTrusted(String source, Object value) {
    if (value == null) {
      return;
    }
    List<Runnable> additions = new ArrayList<>();
    ValueWalker.Result walk = ValueWalker.walk(value, limits.maxDepth(),
        limits.maxTrustedChars(), new ValueWalker.Visitor() {
          @Override
          public boolean text(String s) {
            List<String> chunks = TrustedForm.chunks(s);
            if (!chunks.isEmpty()) {
              additions.add(() -> trusted.addText(chunks));
            }
            return true;
          }

          @Override
          public boolean key(String k) {
            return true;
          }

          @Override
          public boolean number(Number n) {
            if (!NumberForms.isFinite(n)) {
              return text(n.toString());
            }
            String c = NumberForms.canonical(n);
            if (c != null) {
              additions.add(() -> trusted.addNumber(c));
            }
            return true;
          }

          @Override
          public boolean bool(boolean b) {
            additions.add(() -> trusted.addBoolean(b));
            return true;
          }

          @Override
          public boolean empty() {
            return true;
          }
        });
    lock.writeLock().lock();
    try {
      if (walk.outcome() != ValueWalker.Outcome.COMPLETE
          || trustedChars + walk.chars() > limits.maxTrustedChars()) {
        droppedTrustedInputs++;
        if (droppedTrustedInputs == 1) {
          LOG.warn("Provenance tracker: a trusted input from {} was dropped ({}; limit {} "
              + "characters); values only it held will not be trusted", Printable.quoted(source),
              walk.outcome() == ValueWalker.Outcome.COMPLETE
                  || walk.outcome() == ValueWalker.Outcome.TOO_LARGE
                  ? "too large" : walk.outcome().name().toLowerCase(java.util.Locale.ROOT),
              limits.maxTrustedChars());
        }
        return;
      }
      trustedChars += walk.chars();
      additions.forEach(Runnable::run);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Strings, map keys, numbers and booleans are indexed. An input that is too large, too
   * deep or unreadable saturates the tracker.
   */
  @Override
  public void recordUntrusted(String source, Object value) {
    if (value == null || saturated) {
      return;
    }
    IntList fingerprints = new IntList();
    boolean[] unreadableNumber = {false};
    ValueWalker.Visitor indexer = new ValueWalker.Visitor() {
      @Override
      public boolean text(String s) {
        scheme.fingerprintsOf(Skeleton.of(s), fingerprints);
        NumberForms.liberal(s, c -> scheme.numberFingerprint(c, fingerprints));
        return true;
      }

      @Override
      public boolean key(String k) {
        return text(k);
      }

      @Override
      public boolean number(Number n) {
        if (!NumberForms.isFinite(n)) {
          return text(n.toString());
        }
        String c = NumberForms.canonical(n);
        if (c == null) {
          unreadableNumber[0] = true;
          return false;
        }
        scheme.numberFingerprint(c, fingerprints);
        String plain = NumberForms.plain(c);
        if (plain != null) {
          scheme.fingerprintsOf(Skeleton.of(plain), fingerprints);
        }
        return true;
      }

      @Override
      public boolean bool(boolean b) {
        scheme.fingerprintsOf(b ? "true" : "false", fingerprints);
        return true;
      }

      @Override
      public boolean empty() {
        return true;
      }
    };
    ValueWalker.Result walk =
        ValueWalker.walk(value, limits.maxDepth(), limits.maxUntrustedChars(), indexer);
    lock.writeLock().lock();
    try {
      if (saturated) {
        return;
      }
      if (walk.outcome() != ValueWalker.Outcome.COMPLETE || unreadableNumber[0]) {
        saturate(source, unreadableNumber[0] ? "a number too large to compare"
            : walk.outcome() == ValueWalker.Outcome.TOO_LARGE ? "too large"
            : walk.outcome().name().toLowerCase(java.util.Locale.ROOT));
        return;
      }
      if (untrustedChars + walk.chars() > limits.maxUntrustedChars()
          || (long) untrusted.size() + fingerprints.size() > 2L * limits.maxUntrustedChars()) {
        saturate(source, "over the limit");
        return;
      }
      untrustedChars += walk.chars();
      untrusted.addAll(fingerprints);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void saturate(String source, String why) {
    saturated = true;
    untrusted = null;
    LOG.warn("Provenance tracker saturated by an untrusted input from {} ({}; limit {} "
        + "characters): every value not found in trusted input is now EXTERNAL_UNTRUSTED",
        Printable.quoted(source), why, limits.maxUntrustedChars());
  }

  @Override
  public Provenance label(Object value) {
    lock.readLock().lock();
    try {
      return labelLocked(value);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws ActionParameterException if an argument name is {@code null}
   */
  @Override
  public Map<String, Provenance> label(Map<String, ?> arguments) {
    if (arguments == null || arguments.isEmpty()) {
      return Map.of();
    }
    Map<String, Provenance> out = new LinkedHashMap<>();
    lock.readLock().lock();
    try {
      for (Map.Entry<String, ?> e : arguments.entrySet()) {
        if (e.getKey() == null) {
          throw new ActionParameterException(null, "an argument name is null");
        }
        out.put(e.getKey(), labelLocked(e.getValue()));
      }
    } finally {
      lock.readLock().unlock();
    }
    return Collections.unmodifiableMap(out);
  }

  private Provenance labelLocked(Object value) {
    Labeller labeller = new Labeller();
    ValueWalker.Result walk =
        ValueWalker.walk(value, limits.maxDepth(), limits.maxValueChars(), labeller);
    if (!walk.readable()) {
      return Provenance.EXTERNAL_UNTRUSTED;
    }
    return labeller.label == null ? Provenance.MODEL_GENERATED : labeller.label;
  }

  /** Least trusted label of the leaves; stops at the first EXTERNAL_UNTRUSTED. */
  private final class Labeller implements ValueWalker.Visitor {
    Provenance label;

    private boolean add(Provenance p) {
      label = label == null ? p : Provenance.leastTrusted(label, p);
      return label != Provenance.EXTERNAL_UNTRUSTED;
    }

    @Override
    public boolean text(String s) {
      return add(labelText(s));
    }

    @Override
    public boolean key(String k) {
      return carriesCopiedRun(k) ? add(Provenance.EXTERNAL_UNTRUSTED) : true;
    }

    @Override
    public boolean number(Number n) {
      return add(labelNumber(n));
    }

    @Override
    public boolean bool(boolean b) {
      return add(labelBoolean(b));
    }

    @Override
    public boolean empty() {
      return add(Provenance.MODEL_GENERATED);
    }
  }

  private Provenance labelText(String s) {
    String nfc = TrustedForm.nfc(s);
    int length = TrustedForm.nonSpaceLength(nfc);
    if (length == 0) {
      return Provenance.MODEL_GENERATED;
    }
    // a value longer than all trusted text together cannot be in it: skip splitting it
    List<String> chunks = length <= Math.max(trusted.chunkChars(), NumberForms.MAX_LITERAL)
        ? TrustedForm.chunksOfNfc(nfc) : List.of();
    if (!chunks.isEmpty() && trusted.containsChunks(chunks)) {
      return Provenance.USER_TRUSTED;
    }
    String number = chunks.size() == 1 ? NumberForms.strict(chunks.get(0)) : null;
    if (number != null && trusted.containsNumber(number)) {
      return Provenance.USER_TRUSTED;
    }
    UntrustedIndex u = untrusted;
    if (u == null) {
      return Provenance.EXTERNAL_UNTRUSTED;
    }
    String skeleton = Skeleton.of(s);
    if (!skeleton.isEmpty() && (u.containsAtoms(skeleton) || u.containsRun(skeleton))) {
      return Provenance.EXTERNAL_UNTRUSTED;
    }
    if (chunks.size() == 1) {
      String grouped = NumberForms.strict(
          chunks.get(0).replace(",", "").replace("'", "").replace("_", ""));
      if ((number != null && u.containsNumber(number))
          || (grouped != null && u.containsNumber(grouped))) {
        return Provenance.EXTERNAL_UNTRUSTED;
      }
    }
    return Provenance.MODEL_GENERATED;
  }

  private Provenance labelNumber(Number n) {
    if (!NumberForms.isFinite(n)) {
      return labelText(n.toString());
    }
    String c = NumberForms.canonical(n);
    if (c == null) {
      return Provenance.EXTERNAL_UNTRUSTED;
    }
    if (trusted.containsNumber(c)) {
      return Provenance.USER_TRUSTED;
    }
    UntrustedIndex u = untrusted;
    if (u == null || u.containsNumber(c)) {
      return Provenance.EXTERNAL_UNTRUSTED;
    }
    return Provenance.MODEL_GENERATED;
  }

  private Provenance labelBoolean(boolean b) {
    if (trusted.containsBoolean(b)) {
      return Provenance.USER_TRUSTED;
    }
    UntrustedIndex u = untrusted;
    if (u == null || u.containsAtoms(b ? "true" : "false")) {
      return Provenance.EXTERNAL_UNTRUSTED;
    }
    return Provenance.MODEL_GENERATED;
  }

  /** Whether a map key holds at least K letters and digits that may be copied. */
  private boolean carriesCopiedRun(String key) {
    String skeleton = Skeleton.of(key);
    int letters = skeleton.length() - (int) skeleton.chars().filter(c -> c == ' ').count();
    if (letters < limits.minCopiedRun()) {
      return false;
    }
    UntrustedIndex u = untrusted;
    return u == null || u.containsRun(skeleton);
  }

  @Override
  public String toString() {
    TrackerStats s = stats();
    return "ValueProvenanceTracker[trustedChars=" + s.trustedChars() + ", untrustedChars="
        + s.untrustedChars() + ", saturated=" + s.saturated() + "]";
  }
}
