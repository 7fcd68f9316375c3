package io.ape.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The building blocks of the tracker against plain reference models. */
class ProvenanceFormsProperties {
  private static final Pattern STRICT =
      Pattern.compile("[+-]?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]{1,4})?");

  /** The hand-written strict number reader accepts exactly the documented grammar. */
  @Property(tries = 2000)
  void strictLiteralsAreExactlyTheGrammar(
      @ForAll @Chars({'0', '1', '9', '+', '-', '.', 'e', 'E', 'x'}) @StringLength(max = 12)
          String s) {
    assertThat(NumberForms.isStrictLiteral(s)).as(s).isEqualTo(STRICT.matcher(s).matches());
  }

  /** The ASCII fast path of the skeleton equals the general path. */
  @Property(tries = 1000)
  void theAsciiSkeletonEqualsTheGeneralOne(@ForAll @CharRange(from = 0, to = 0x7f) String s) {
    // a zero-width space is removed without a break, but sends the text down the general path
    assertThat(Skeleton.of(s)).isEqualTo(Skeleton.of(s + "\u200b"));
  }

  /** The fingerprint set answers like a hash set for what was added, at every size. */
  @Property(tries = 200)
  void theFingerprintSetHoldsEverythingAdded(
      @ForAll @Size(max = 3000) List<Integer> added, @ForAll @Size(max = 50) List<Integer> probes) {
    FingerprintSet set = new FingerprintSet();
    Set<Integer> reference = new HashSet<>();
    for (int v : added) {
      set.add(v);
      reference.add(v == 0 ? 1 : v);
    }
    assertThat(set.size()).isEqualTo(reference.size());
    for (int v : added) {
      assertThat(set.contains(v)).isTrue();
    }
    for (int v : probes) {
      assertThat(set.contains(v)).isEqualTo(reference.contains(v == 0 ? 1 : v));
    }
    assertThat(set.bytes()).isLessThanOrEqualTo(Math.max(256, 4L * 2 * 2 * reference.size()));
  }

  /**
   * Fingerprints crowded into one part of the range (as winnowing's window minima are) still
   * spread over the table: probe runs stay short.
   */
  @Property(tries = 20)
  void crowdedFingerprintsDoNotFormLongProbeRuns(
      @ForAll @IntRange(min = 1_000, max = 60_000) int count, @ForAll int base,
      @ForAll @IntRange(min = 1, max = 7) int stride) {
    FingerprintSet set = new FingerprintSet();
    for (int i = 0; i < count; i++) {
      set.add(base + i * stride);
    }
    assertThat(set.longestRun()).isLessThan(200);
  }

  /**
   * Winnowing guarantee: every run of at least K letters shared with indexed text is found,
   * wherever it starts.
   */
  @Property(tries = 300)
  void everySharedRunOfKIsFound(
      @ForAll @CharRange(from = 'a', to = 'd') @StringLength(min = 1, max = 300) String doc,
      @ForAll @IntRange(min = 8, max = 40) int k,
      @ForAll @IntRange(min = 0, max = 299) int start,
      @ForAll @IntRange(min = 0, max = 40) int extra) {
    UntrustedIndex index = new UntrustedIndex(k);
    IntList fps = new IntList();
    index.fingerprintsOf(Skeleton.of(doc), fps);
    index.addAll(fps);
    int length = k + extra;
    if (doc.length() < length) {
      return;
    }
    int from = start % (doc.length() - length + 1);
    assertThat(index.containsRun(Skeleton.of("zz " + doc.substring(from, from + length) + " zz")))
        .isTrue();
  }
}
