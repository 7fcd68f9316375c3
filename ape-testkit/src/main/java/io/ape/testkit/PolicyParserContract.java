package io.ape.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ape.api.Policy;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyParseException;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import io.ape.api.SourceLocation;
import io.ape.spi.PolicyParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract of {@link PolicyParser}, as its Javadoc states it, for every implementation to
 * pass. Extend it and supply the parser and a few documents in its format:
 *
 * <pre>{@code
 * class TomlPolicyParserContractTest extends PolicyParserContract {
 *   @Override protected PolicyParser parser() { return new TomlPolicyParser(); }
 *   @Override protected byte[] validDocument() { return utf8("...a valid policy..."); }
 *   @Override protected List<MalformedDocument> malformedDocuments() {
 *     return List.of(
 *         MalformedDocument.of("a syntax error", utf8("default_decision = \n["), 2),
 *         MalformedDocument.of("an unknown key", utf8("..."), 4), ...);
 *   }
 * }
 * }</pre>
 *
 * <p>What is checked: a valid document parses to a non-null policy named after the source,
 * whose version is the SHA-256 of the raw bytes, equally on 32 threads at once; each document of
 * {@link #malformedDocuments()} fails with a {@link PolicyParseException} or
 * {@link PolicyValidationException} located at the source name and the expected line (with a
 * column); every {@link PolicyLimits} limit is enforced with a {@link PolicyLimitException} naming it;
 * {@code null}, empty, binary, invalid UTF-8 and {@value #MUTATIONS} seeded random mutations of
 * the valid document end in a policy or a located {@link PolicyException}, never in another
 * exception type, a {@code null} or a hang.
 *
 * @since 0.2.0
 */
public abstract class PolicyParserContract {
  /** The number of random mutations of the valid document that are parsed. */
  protected static final int MUTATIONS = 500;
  /** The number of threads of the concurrent test. */
  protected static final int THREADS = 32;
  /** The source name given to the parser. */
  protected static final String SOURCE = "policies/contract-test.policy";

  /** The parser under test (thread-safe, so it may be shared). */
  protected abstract PolicyParser parser();

  /**
   * A valid policy document in the parser's format with at least one rule that has a
   * condition, and at least one list (the tests shrink each limit below it).
   */
  protected abstract byte[] validDocument();

  /**
   * Invalid documents and the line each error must be reported at. Give at least: a syntax
   * error, an unknown key, a duplicate key and a value of the wrong type.
   */
  protected abstract List<MalformedDocument> malformedDocuments();

  /** The seed of the random mutations (override to explore others). */
  protected long mutationSeed() {
    return 20260101L;
  }

  /**
   * An invalid document and where its first error is.
   *
   * @param description what is wrong, for messages
   * @param content the bytes
   * @param line the 1-based line the parser must report
   */
  public record MalformedDocument(String description, byte[] content, int line) {
    public MalformedDocument {
      Objects.requireNonNull(description, "description");
      content = content.clone();
      if (line < 1) {
        throw new IllegalArgumentException("line is 1-based: " + line);
      }
    }

    /** A malformed document. */
    public static MalformedDocument of(String description, byte[] content, int line) {
      return new MalformedDocument(description, content, line);
    }

    /** A malformed document given as text (UTF-8). */
    public static MalformedDocument of(String description, String content, int line) {
      return new MalformedDocument(description, content.getBytes(StandardCharsets.UTF_8), line);
    }
  }

  /** The UTF-8 bytes of {@code text}. */
  protected static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------- valid input

  @Test
  void aValidDocumentParsesToAPolicyNamedAfterItsSourceAndVersionedByItsBytes() {
    byte[] doc = validDocument();
    Policy p = parse(doc, PolicyLimits.defaults());
    assertEquals(SOURCE, p.source().name(), "Policy.source().name() is the source name");
    assertEquals(sha256(doc), p.source().sha256(),
        "Policy.source().sha256() is the SHA-256 (lower-case hex) of the raw bytes");
    assertEquals(sha256(doc), p.version(), "the policy version is its source digest");
    assertFalse(p.rules().isEmpty(), "validDocument() must have at least one rule");
    assertTrue(p.rules().stream().anyMatch(r -> !r.conditions().isEmpty()),
        "validDocument() must have a rule with a condition");
  }

  @Test
  void parsingIsDeterministicAndThreadSafe() {
    byte[] doc = validDocument();
    Policy once = parse(doc, PolicyLimits.defaults());
    List<Concurrently.Result<Policy>> results = Concurrently.run(THREADS,
        i -> () -> parser().parse(doc.clone(), SOURCE, PolicyLimits.defaults()));
    for (Concurrently.Result<Policy> r : results) {
      if (!r.succeeded()) {
        fail("a concurrent parse failed", r.error());
      }
      assertEquals(once, r.value(), "the same bytes must give an equal policy on every thread");
    }
  }

  // -------------------------------------------------------------------------- invalid input

  @TestFactory
  Stream<DynamicTest> eachMalformedDocumentFailsAtItsLine() {
    List<MalformedDocument> docs = malformedDocuments();
    assertNotNull(docs, "malformedDocuments() returned null");
    assertFalse(docs.isEmpty(), "malformedDocuments() must give at least one document");
    return docs.stream().map(d -> DynamicTest.dynamicTest(d.description(), () -> {
      PolicyException e = failure(d.content(), PolicyLimits.defaults(), d.description());
      assertLocatedAt(e, d.line(), d.description());
    }));
  }

  @Test
  void nullContentIsAPolicyException() {
    failure(null, PolicyLimits.defaults(), "null content");
  }

  @TestFactory
  Stream<DynamicTest> garbageIsALocatedPolicyException() {
    List<Object[]> garbage = new ArrayList<>();
    garbage.add(new Object[] {"an empty document", new byte[0]});
    garbage.add(new Object[] {"only white space", utf8("  \n\t\n   ")});
    garbage.add(new Object[] {"invalid UTF-8", new byte[] {'a', ':', ' ', (byte) 0xC3, 0x28}});
    garbage.add(new Object[] {"a lone NUL", new byte[] {0}});
    garbage.add(new Object[] {"a byte-order mark only", new byte[] {(byte) 0xEF, (byte) 0xBB,
        (byte) 0xBF}});
    byte[] binary = new byte[4096];
    new Random(mutationSeed()).nextBytes(binary);
    garbage.add(new Object[] {"random binary", binary});
    garbage.add(new Object[] {"deep nesting", utf8("[".repeat(100_000))});
    garbage.add(new Object[] {"a number", utf8("42")});
    garbage.add(new Object[] {"a string", utf8("\"policy\"")});
    return garbage.stream().map(g -> DynamicTest.dynamicTest((String) g[0], () -> {
      PolicyException e = failure((byte[]) g[1], PolicyLimits.defaults(), (String) g[0]);
      assertLocated(e, (String) g[0]);
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyLimitIsEnforced() {
    byte[] doc = validDocument();
    PolicyLimits d = PolicyLimits.defaults();
    List<Object[]> limits = List.of(
        new Object[] {"maxBytes", d.withMaxBytes(doc.length - 1)},
        new Object[] {"maxNestingDepth", d.withMaxNestingDepth(1)},
        new Object[] {"maxRules", d.withMaxRules(0)},
        new Object[] {"maxStringLength", d.withMaxStringLength(1)},
        new Object[] {"maxListEntries", d.withMaxListEntries(0)});
    return limits.stream().map(l -> DynamicTest.dynamicTest((String) l[0], () -> {
      PolicyException e = failure(doc, (PolicyLimits) l[1], "validDocument() above " + l[0]);
      PolicyLimitException limit = assertInstanceOf(PolicyLimitException.class, e,
          "a limit exceeded is a PolicyLimitException naming the limit, got " + e);
      assertEquals(l[0], limit.limit(), "the limit the exception names");
      assertLocated(e, (String) l[0]);
    }));
  }

  @Test
  void randomMutationsOfAValidDocumentEndInAPolicyOrALocatedPolicyException() {
    byte[] doc = validDocument();
    Random random = new Random(mutationSeed());
    List<UnaryOperator<byte[]>> mutators = mutators(random);
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] mutated = doc;
      int steps = 1 + random.nextInt(3);
      for (int s = 0; s < steps; s++) {
        mutated = mutators.get(random.nextInt(mutators.size())).apply(mutated);
      }
      String what = "mutation " + i + " (seed " + mutationSeed() + "): "
          + preview(mutated);
      byte[] input = mutated;
      Concurrently.Result<Policy> r = Concurrently.within(30, "parse of " + what,
          () -> parser().parse(input, SOURCE, PolicyLimits.defaults()));
      if (r.succeeded()) {
        assertNotNull(r.value(), "parse returned null for " + what);
      } else {
        assertInstanceOf(PolicyException.class, r.error(),
            "only PolicyException may leave parse, got " + r.error() + " for " + what);
        assertLocated((PolicyException) r.error(), what);
      }
    }
  }

  // -------------------------------------------------------------------------------- helpers

  private Policy parse(byte[] content, PolicyLimits limits) {
    Policy p;
    try {
      p = parser().parse(content, SOURCE, limits);
    } catch (PolicyException e) {
      return fail("validDocument() does not parse: " + e.getMessage(), e);
    }
    assertNotNull(p, "parse returned null");
    return p;
  }

  private PolicyException failure(byte[] content, PolicyLimits limits, String what) {
    Concurrently.Result<Policy> r = Concurrently.within(30, "parse of " + what,
        () -> parser().parse(content, SOURCE, limits));
    if (r.succeeded()) {
      return fail(what + " was accepted (parsed to " + r.value() + ")");
    }
    if (!(r.error() instanceof PolicyException e)) {
      return fail("only PolicyException may leave parse, but " + what + " raised " + r.error(),
          r.error());
    }
    return e;
  }

  /** The error names the source and a line and column. */
  private static void assertLocated(PolicyException e, String what) {
    for (SourceLocation l : locations(e, what)) {
      assertEquals(SOURCE, l.source(), what + ": the error must name the source: " + e.getMessage());
      assertTrue(l.line() >= 1, what + ": the error must name a line: " + e.getMessage());
      assertTrue(l.column() >= 1, what + ": the error must name a column: " + e.getMessage());
    }
    assertTrue(e.getMessage() != null && e.getMessage().contains(SOURCE + ":"),
        what + ": the message must start with file:line:column: " + e.getMessage());
  }

  private static void assertLocatedAt(PolicyException e, int line, String what) {
    assertLocated(e, what);
    List<SourceLocation> at = locations(e, what);
    assertTrue(at.stream().anyMatch(l -> l.line() == line),
        what + ": expected an error at line " + line + ", got " + at + ": " + e.getMessage());
  }

  private static List<SourceLocation> locations(PolicyException e, String what) {
    if (e instanceof PolicyParseException p) {
      assertNotNull(p.location(), what + ": PolicyParseException without a location");
      return List.of(p.location());
    }
    if (e instanceof PolicyValidationException v) {
      List<SourceLocation> out = new ArrayList<>();
      for (PolicyProblem problem : v.problems()) {
        out.add(problem.location());
      }
      return out;
    }
    return fail(what + ": expected a PolicyParseException or PolicyValidationException (which"
        + " carry the location), got " + e.getClass().getName() + ": " + e.getMessage());
  }

  private static List<UnaryOperator<byte[]>> mutators(Random random) {
    byte[] structural = utf8(":-[]{},\"'#&*!|>%@`\n\t ");
    return List.of(
        b -> b.length == 0 ? b : Arrays.copyOf(b, random.nextInt(b.length)),
        b -> {
          if (b.length == 0) {
            return b;
          }
          byte[] c = b.clone();
          c[random.nextInt(c.length)] = structural[random.nextInt(structural.length)];
          return c;
        },
        b -> {
          if (b.length == 0) {
            return b;
          }
          byte[] c = b.clone();
          c[random.nextInt(c.length)] = (byte) random.nextInt(256);
          return c;
        },
        b -> {
          int at = random.nextInt(b.length + 1);
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = structural[random.nextInt(structural.length)];
          System.arraycopy(b, at, c, at + 1, b.length - at);
          return c;
        },
        b -> {
          if (b.length < 2) {
            return b;
          }
          int from = random.nextInt(b.length);
          int to = Math.min(b.length, from + 1 + random.nextInt(16));
          byte[] c = new byte[b.length - (to - from)];
          System.arraycopy(b, 0, c, 0, from);
          System.arraycopy(b, to, c, from, b.length - to);
          return c;
        },
        b -> {
          int from = random.nextInt(b.length + 1);
          int to = Math.min(b.length, from + random.nextInt(32));
          byte[] c = new byte[b.length + (to - from)];
          System.arraycopy(b, 0, c, 0, to);
          System.arraycopy(b, from, c, to, b.length - from);
          return c;
        });
  }

  private static String preview(byte[] b) {
    String s = new String(b, 0, Math.min(b.length, 80), StandardCharsets.UTF_8)
        .replaceAll("\\p{Cntrl}", "?");
    return "'" + s + (b.length > 80 ? "…'" : "'") + " (" + b.length + " bytes)";
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
