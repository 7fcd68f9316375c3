package io.ape.core.provenance;

import static io.ape.api.Provenance.EXTERNAL_UNTRUSTED;
import static io.ape.api.Provenance.MODEL_GENERATED;
import static io.ape.api.Provenance.USER_TRUSTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Provenance;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * One property per class of attack on {@link ValueProvenanceTracker}. Trusted text is written
 * with the letters a to m, untrusted text with n to z, so that no disguise of an untrusted value
 * (which folds back to n to z) can be found in trusted text by accident.
 */
class ValueProvenanceTrackerProperties {
  private static final int K = TrackerLimits.DEFAULT_MIN_COPIED_RUN;

  @Provide
  Arbitrary<List<String>> trustedSentence() {
    return Arbitraries.strings().withCharRange('a', 'm').ofMinLength(1).ofMaxLength(9)
        .list().ofMinSize(1).ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<String>> untrustedSentence() {
    return Arbitraries.strings().withCharRange('n', 'z').ofMinLength(1).ofMaxLength(9)
        .list().ofMinSize(1).ofMaxSize(24);
  }

  @Provide
  Arbitrary<List<String>> smallVocabularySentence() {
    return Arbitraries.of("pay", "bob", "Bob", "100", "10", "1", "acme.com", "bob@acme.com",
        "to", "the", "report", "(bob)", "x.").list().ofMinSize(1).ofMaxSize(8);
  }

  /** A value that occurs only in untrusted input is EXTERNAL_UNTRUSTED, never USER_TRUSTED. */
  @Property(tries = 500)
  void aValueFoundOnlyInUntrustedTextIsExternal(
      @ForAll("trustedSentence") List<String> userWords,
      @ForAll("untrustedSentence") List<String> docWords,
      @ForAll @IntRange(min = 0, max = 23) int from,
      @ForAll @IntRange(min = 1, max = 8) int length,
      @ForAll @IntRange(min = 0, max = 4) int separator) {
    from = from % docWords.size();
    ValueProvenanceTracker t = new ValueProvenanceTracker();
    t.recordTrusted("user", String.join(" ", userWords));
    t.recordUntrusted("doc", String.join(" ", docWords));
    List<String> picked = docWords.subList(from, Math.min(docWords.size(), from + length));
    String value = String.join(List.of(" ", "  ", "\n", ".", "@").get(separator), picked);
    Provenance label = t.label(value);
    assertThat(label).isNotEqualTo(USER_TRUSTED);
    if (picked.size() <= UntrustedIndex.MAX_SEQUENCE_ATOMS || letters(picked) >= K) {
      assertThat(label).isEqualTo(EXTERNAL_UNTRUSTED);
    }
  }

  /**
   * Disguises of an untrusted value (case, full-width, mathematical and Cyrillic look-alikes,
   * zero-width and bidi characters, combining marks, soft hyphens) keep it EXTERNAL_UNTRUSTED.
   */
  @Property(tries = 500)
  void aDisguisedUntrustedValueStaysExternal(
      @ForAll("trustedSentence") List<String> userWords,
      @ForAll("untrustedSentence") List<String> docWords,
      @ForAll @IntRange(min = 0, max = 23) int from,
      @ForAll @IntRange(min = 1, max = 6) int length,
      @ForAll long seed) {
    from = from % docWords.size();
    ValueProvenanceTracker t = new ValueProvenanceTracker();
    t.recordTrusted("user", String.join(" ", userWords));
    t.recordUntrusted("doc", String.join(" ", docWords));
    List<String> picked = docWords.subList(from, Math.min(docWords.size(), from + length));
    String value = disguise(String.join(" ", picked), new Random(seed));
    assertThat(t.label(value)).as(escaped(value)).isEqualTo(EXTERNAL_UNTRUSTED);
  }

  /** A value that embeds a run of at least K characters of untrusted text is never trusted. */
  @Property(tries = 500)
  void aValueEmbeddingAnUntrustedRunOfKOrMoreIsExternal(
      @ForAll("trustedSentence") List<String> userWords,
      @ForAll("untrustedSentence") List<String> docWords,
      @ForAll @IntRange(min = 0, max = 200) int start,
      @ForAll @IntRange(min = K, max = 60) int runLetters,
      @ForAll @IntRange(min = 0, max = 3) int prefixWords,
      @ForAll boolean spaced,
      @ForAll long seed) {
    String doc = String.join(" ", docWords);
    Assume.that(letters(docWords) >= runLetters + start % 8);
    String run = takeLetters(doc, start % Math.max(1, letters(docWords) - runLetters + 1),
        runLetters);
    ValueProvenanceTracker t = new ValueProvenanceTracker();
    String user = String.join(" ", userWords);
    t.recordTrusted("user", user);
    t.recordUntrusted("doc", doc);
    String prefix = String.join(" ", userWords.subList(0, Math.min(prefixWords, userWords.size())));
    String body = prefix + (spaced ? " " : "") + (spaced ? run.toUpperCase() : run)
        + (seed % 2 == 0 ? "" : " " + user);
    assertThat(t.label(body)).as(body).isEqualTo(EXTERNAL_UNTRUSTED);
    assertThat(t.label(disguise(body, new Random(seed)))).isEqualTo(EXTERNAL_UNTRUSTED);
  }

  /**
   * A string is USER_TRUSTED exactly when its words occur consecutively in one trusted input
   * (a plain reference model), edited or not.
   */
  @Property(tries = 1000)
  void aValueIsTrustedExactlyWhenItsWordsOccurConsecutivelyInOneTrustedInput(
      @ForAll("smallVocabularySentence") List<String> first,
      @ForAll("smallVocabularySentence") List<String> second,
      @ForAll("smallVocabularySentence") List<String> probe,
      @ForAll @IntRange(min = 0, max = 7) int edit,
      @ForAll long seed) {
    ValueProvenanceTracker t = new ValueProvenanceTracker();
    t.recordTrusted("user", String.join(" ", first));
    t.recordTrusted("user", String.join("\n", second));
    Random random = new Random(seed);
    String value = String.join(" ", probe.subList(0, 1 + random.nextInt(Math.min(4,
        probe.size()))));
    value = edit(value, edit, random);
    List<String> words = TrustedForm.chunks(value);
    boolean expected = !words.isEmpty() && (Collections.indexOfSubList(first, words) >= 0
        || Collections.indexOfSubList(second, words) >= 0 || numberTyped(words, first, second)
        || strippedWordTyped(words, first, second));
    assertThat(t.label(value)).as(escaped(value))
        .isEqualTo(expected ? USER_TRUSTED : MODEL_GENERATED);
  }

  /** Numbers compare by value in every form; other numbers, and parts of the digits, do not. */
  @Property(tries = 500)
  void numbersAreComparedByValue(
      @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long n,
      @ForAll @IntRange(min = 0, max = 3) int typed,
      @ForAll @IntRange(min = 0, max = 7) int form,
      @ForAll @LongRange(min = 1, max = 1000) long delta) {
    ValueProvenanceTracker t = new ValueProvenanceTracker();
    String text = List.of(Long.toString(n), n + ".00", n + "e0", "(" + n + ").").get(typed);
    t.recordTrusted("user", "amount " + text + " units");
    assertThat(t.label(inForm(n, form))).isEqualTo(USER_TRUSTED);
    assertThat(t.label(inForm(n + delta, form))).isEqualTo(MODEL_GENERATED);
    if (Math.abs(n) >= 10) {
      assertThat(t.label(n / 10)).isEqualTo(MODEL_GENERATED);
      assertThat(t.label(Math.abs(n) % 10)).isEqualTo(MODEL_GENERATED);
    }
  }

  /** Within the bounds, labels do not depend on the order inputs were recorded in. */
  @Property(tries = 300)
  void labelsDoNotDependOnTheOrderOfRecording(
      @ForAll("smallVocabularySentence") List<String> a,
      @ForAll("untrustedSentence") List<String> b,
      @ForAll("smallVocabularySentence") List<String> c,
      @ForAll("untrustedSentence") List<String> d,
      @ForAll("smallVocabularySentence") List<String> probes,
      @ForAll long seed) {
    record Input(boolean trusted, String text) {}
    List<Input> inputs = new ArrayList<>(List.of(new Input(true, String.join(" ", a)),
        new Input(false, String.join(" ", b)), new Input(false, String.join(" ", c)),
        new Input(true, String.join(" ", d)), new Input(false, String.join(" ", a))));
    ValueProvenanceTracker inOrder = new ValueProvenanceTracker();
    ValueProvenanceTracker shuffled = new ValueProvenanceTracker();
    for (Input i : inputs) {
      record(inOrder, i.trusted(), i.text());
    }
    Collections.shuffle(inputs, new Random(seed));
    for (Input i : inputs) {
      record(shuffled, i.trusted(), i.text());
    }
    List<Object> values = new ArrayList<>(probes);
    values.add(String.join(" ", probes));
    values.addAll(d.subList(0, Math.min(3, d.size())));
    values.add(String.join(" ", b));
    values.add(100);
    values.add(List.copyOf(probes));
    for (Object v : values) {
      assertThat(shuffled.label(v)).as(String.valueOf(v)).isEqualTo(inOrder.label(v));
    }
  }

  /** A list is as trusted as its least trusted element, at any depth; empty is MODEL_GENERATED. */
  @Property(tries = 300)
  void aListIsAsTrustedAsItsLeastTrustedElement(
      @ForAll("smallVocabularySentence") List<String> user,
      @ForAll("untrustedSentence") List<String> doc,
      @ForAll("smallVocabularySentence") List<String> elements,
      @ForAll("untrustedSentence") List<String> more,
      @ForAll boolean nest) {
    ValueProvenanceTracker t = new ValueProvenanceTracker();
    t.recordTrusted("user", String.join(" ", user));
    t.recordUntrusted("doc", String.join(" ", doc));
    List<Object> list = new ArrayList<>(elements);
    list.addAll(more.subList(0, Math.min(2, more.size())));
    Provenance expected = null;
    for (Object e : list) {
      Provenance p = t.label(e);
      expected = expected == null ? p : Provenance.leastTrusted(expected, p);
    }
    Object value = nest ? List.of(List.of(list.subList(0, list.size() / 2)),
        list.subList(list.size() / 2, list.size())) : list;
    assertThat(t.label(value)).isEqualTo(expected);
    assertThat(t.label(List.of())).isEqualTo(MODEL_GENERATED);
  }

  /**
   * A disguise of a trusted value (another case, a look-alike or full-width letter, an invisible
   * character) is a different value and is never USER_TRUSTED.
   */
  @Property(tries = 500)
  void aDisguisedTrustedValueIsNotTrusted(
      @ForAll("trustedSentence") List<String> userWords,
      @ForAll @IntRange(min = 0, max = 11) int from,
      @ForAll @IntRange(min = 1, max = 4) int length,
      @ForAll long seed) {
    from = from % userWords.size();
    ValueProvenanceTracker t = new ValueProvenanceTracker();
    t.recordTrusted("user", String.join(" ", userWords));
    String value = String.join(" ",
        userWords.subList(from, Math.min(userWords.size(), from + length)));
    assertThat(t.label(value)).isEqualTo(USER_TRUSTED);
    String disguised = disguiseOnce(value, new Random(seed));
    assertThat(t.label(disguised)).as(escaped(disguised)).isNotEqualTo(USER_TRUSTED);
  }

  /** Arbitrary text in and out: labels are defined, deterministic, and never throw. */
  @Property(tries = 300)
  void anyInputIsLabelledDeterministically(
      @ForAll String user, @ForAll String doc, @ForAll String probe, @ForAll int number) {
    ValueProvenanceTracker one = new ValueProvenanceTracker();
    ValueProvenanceTracker two = new ValueProvenanceTracker();
    for (ValueProvenanceTracker t : List.of(one, two)) {
      t.recordTrusted("user", user);
      t.recordUntrusted("doc", doc);
      t.recordUntrusted("doc", List.of(doc, number, List.of(probe)));
    }
    for (Object v : List.of(probe, number, List.of(probe, user), doc, user)) {
      Provenance p = one.label(v);
      assertThat(p).isNotNull().isEqualTo(two.label(v)).isEqualTo(one.label(v));
    }
    if (!TrustedForm.chunks(user).isEmpty()) {
      assertThat(one.label(user)).isEqualTo(USER_TRUSTED);
    }
  }

  // ---------------------------------------------------------------------------------------

  private static void record(ValueProvenanceTracker t, boolean trusted, String text) {
    if (trusted) {
      t.recordTrusted("user", text);
    } else {
      t.recordUntrusted("doc", text);
    }
  }

  private static int letters(List<String> words) {
    return words.stream().mapToInt(String::length).sum();
  }

  /** {@code count} letters of {@code text} from its {@code start}-th letter, spaces kept. */
  private static String takeLetters(String text, int start, int count) {
    StringBuilder sb = new StringBuilder();
    int seen = 0;
    for (int i = 0; i < text.length() && seen < start + count; i++) {
      char c = text.charAt(i);
      boolean letter = c != ' ';
      if (seen >= start && (letter || sb.length() > 0)) {
        sb.append(c);
      }
      if (letter) {
        seen++;
      }
    }
    return sb.toString();
  }

  private static final String INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\u2066";
  private static final String LATIN_LOOKS = "aceopxys";
  private static final String CYRILLIC_LOOKS = "\u0430\u0441\u0435\u043e\u0440\u0445\u0443\u0455";

  /** Several disguises at once, each of which folds back to the same skeleton. */
  private static String disguise(String s, Random r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int kind = r.nextInt(9);
      if (c < 'a' || c > 'z') {
        sb.append(c);
      } else if (kind == 0) {
        sb.append(Character.toUpperCase(c));
      } else if (kind == 1) {
        sb.append((char) (0xFF41 + c - 'a')); // full-width
      } else if (kind == 2) {
        sb.appendCodePoint(0x1D41A + c - 'a'); // mathematical bold
      } else if (kind == 3 && LATIN_LOOKS.indexOf(c) >= 0) {
        sb.append(CYRILLIC_LOOKS.charAt(LATIN_LOOKS.indexOf(c)));
      } else if (kind == 4) {
        sb.append(c).append(INVISIBLE.charAt(r.nextInt(INVISIBLE.length())));
      } else if (kind == 5) {
        sb.append(c).append('\u0301'); // combining acute
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Exactly one disguise that changes the value. */
  private static String disguiseOnce(String s, Random r) {
    int at = r.nextInt(s.length());
    while (s.charAt(at) == ' ') {
      at = (at + 1) % s.length();
    }
    char c = s.charAt(at);
    String replacement;
    switch (r.nextInt(5)) {
      case 0:
        replacement = String.valueOf(Character.toUpperCase(c));
        break;
      case 1:
        replacement = String.valueOf((char) (0xFF41 + c - 'a'));
        break;
      case 2:
        replacement = c + String.valueOf(INVISIBLE.charAt(r.nextInt(INVISIBLE.length())));
        break;
      case 3:
        replacement = LATIN_LOOKS.indexOf(c) >= 0
            ? String.valueOf(CYRILLIC_LOOKS.charAt(LATIN_LOOKS.indexOf(c)))
            : new String(Character.toChars(0x1D41A + c - 'a'));
        break;
      default:
        replacement = c + "\u0301";
        break;
    }
    return s.substring(0, at) + replacement + s.substring(at + 1);
  }

  /** One of several edits: none, insert/delete/replace a letter, change case, add a space. */
  private static String edit(String s, int kind, Random r) {
    if (s.isEmpty() || kind >= 5) {
      return s;
    }
    int at = r.nextInt(s.length());
    switch (kind) {
      case 0:
        return s.substring(0, at) + "e" + s.substring(at);
      case 1:
        return s.substring(0, at) + s.substring(at + 1);
      case 2:
        return s.substring(0, at) + "0" + s.substring(at + 1);
      case 3:
        return s.toUpperCase();
      default:
        return s.substring(0, at) + " " + s.substring(at);
    }
  }

  /** The single word is a number that a trusted word (or a stripped word) holds by value. */
  private static boolean numberTyped(List<String> words, List<String> a, List<String> b) {
    if (words.size() != 1) {
      return false;
    }
    String n = NumberForms.strict(words.get(0));
    if (n == null) {
      return false;
    }
    for (String w : concat(a, b)) {
      for (String core : List.of(w, w.replaceAll("^\\(|\\)$", ""), w.replaceAll("\\.$", ""))) {
        if (n.equals(NumberForms.strict(core))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The single word is a vocabulary word less its brackets or final dot ("bob" in "(bob)"). */
  private static boolean strippedWordTyped(List<String> words, List<String> a, List<String> b) {
    if (words.size() != 1) {
      return false;
    }
    for (String w : concat(a, b)) {
      if ((w.equals("(bob)") && (words.get(0).equals("bob") || words.get(0).equals("(bob")
          || words.get(0).equals("bob)"))) || (w.equals("x.") && words.get(0).equals("x"))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Object inForm(long n, int form) {
    switch (form) {
      case 0:
        return n;
      case 1:
        return (int) n == n ? (Object) (int) n : (Object) n;
      case 2:
        return (double) n == n && Math.abs(n) < (1L << 52) ? (Object) (double) n : (Object) n;
      case 3:
        return BigDecimal.valueOf(n).setScale(3);
      case 4:
        return Long.toString(n);
      case 5:
        return n + ".0";
      case 6:
        return BigDecimal.valueOf(n).stripTrailingZeros().toString(); // e.g. 1E+3
      default:
        return new BigDecimal(n).toBigInteger();
    }
  }

  private static String escaped(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(cp -> sb.append(cp < 0x7f && cp >= 0x20 ? String.valueOf((char) cp)
        : String.format("\\u%04x", cp)));
    return sb.toString();
  }
}
