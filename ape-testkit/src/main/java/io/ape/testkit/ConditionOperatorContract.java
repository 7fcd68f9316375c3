package io.ape.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ape.api.ConditionSpec;
import io.ape.api.PolicyException;
import io.ape.api.PolicyParseException;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import io.ape.api.SourceLocation;
import io.ape.spi.ConditionOperator;
import io.ape.spi.ConditionOperator.CompiledCondition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract of {@link ConditionOperator}, as its Javadoc states it, for every operator to
 * pass. Extend it and give one {@link OperatorCase} per operator (one line each):
 *
 * <pre>{@code
 * class MyOperatorsContractTest extends ConditionOperatorContract {
 *   @Override
 *   protected List<OperatorCase> cases() {
 *     return List.of(
 *         OperatorCase.of(new IbanCountry(), "DE").holds("DE89370400440532013000")
 *             .fails("FR1420041010050500013M02606").refuses(42, null, "not an iban")
 *             .rejectsArguments(42, "", List.of()));
 *   }
 * }
 * }</pre>
 *
 * <p>Per case: the argument compiles; every holding value holds; every failing value fails and
 * is judged ({@code refuses} false) with a non-blank reason; every refused value fails
 * <em>and</em> is refused (so a deny rule on the parameter still matches it); every rejected
 * argument fails at load with a {@link PolicyException} located at the condition; and 32 threads
 * evaluating the compiled condition at once get the same answers.
 *
 * <p>Per operator (also those without a case, see {@link #operators()}): the name is a valid
 * operator name; compiling any argument of the parameter model ({@link #modelArguments()}) ends in a condition or a located
 * {@link PolicyException}, nothing else; and every compiled condition is total: {@code test},
 * {@code refuses} and {@code describeFailure} never throw, a value outside the parameter model
 * (a {@code StringBuilder}, an {@code Optional}, an array, a {@code Path}, …) never holds, and
 * no value both holds and is refused.
 *
 * @since 0.2.0
 */
public abstract class ConditionOperatorContract {
  /** The number of threads of the concurrent test. */
  protected static final int THREADS = 32;
  /** Where the conditions under test are written. */
  protected static final SourceLocation LOCATION = new SourceLocation("contract-test.yaml", 7, 5);
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /** One case per operator (more for operators with several argument forms). */
  protected abstract List<OperatorCase> cases();

  /**
   * Every operator the per-operator tests run on. Default: the operators of {@link #cases()};
   * override to add operators that have no case yet, so that they are at least checked for
   * totality.
   */
  protected Collection<ConditionOperator> operators() {
    Map<String, ConditionOperator> byName = new LinkedHashMap<>();
    for (OperatorCase c : cases()) {
      byName.putIfAbsent(c.operator().name(), c.operator());
    }
    return byName.values();
  }

  // ------------------------------------------------------------------------------ per case

  @TestFactory
  Stream<DynamicNode> eachCase() {
    List<OperatorCase> cases = cases();
    assertNotNull(cases, "cases() returned null");
    assertFalse(cases.isEmpty(), "cases() must give at least one case");
    return cases.stream().map(c -> DynamicContainer.dynamicContainer(c.toString(), Stream.of(
        DynamicTest.dynamicTest("holds for every holding value", () -> {
          CompiledCondition cc = compile(c.operator(), c.argument());
          for (Object v : c.holdingValues()) {
            assertTrue(test(cc, v), c + " must hold for " + show(v));
          }
        }),
        DynamicTest.dynamicTest("judges every failing value and says why", () -> {
          CompiledCondition cc = compile(c.operator(), c.argument());
          for (Object v : c.failingValues()) {
            assertFalse(test(cc, v), c + " must fail for " + show(v));
            assertFalse(refuses(cc, v), c + " must judge " + show(v) + " (refuses must be false)");
            assertReason(cc, v, c);
          }
        }),
        DynamicTest.dynamicTest("refuses every value it cannot judge", () -> {
          CompiledCondition cc = compile(c.operator(), c.argument());
          for (Object v : c.refusedValues()) {
            assertFalse(test(cc, v), c + " must never hold for a value it cannot judge: "
                + show(v));
            assertTrue(refuses(cc, v), c + " must refuse " + show(v)
                + ", or a deny rule would be bypassed by it");
            assertReason(cc, v, c);
          }
        }),
        DynamicTest.dynamicTest("rejects bad arguments at load, located", () -> {
          for (Object arg : c.rejectedArguments()) {
            assertRejected(c.operator(), arg);
          }
        }),
        DynamicTest.dynamicTest("answers alike on 32 threads at once", () -> {
          CompiledCondition cc = compile(c.operator(), c.argument());
          List<Object> values = new ArrayList<>(c.holdingValues());
          values.addAll(c.failingValues());
          values.addAll(c.refusedValues());
          List<Boolean> expected = new ArrayList<>();
          for (Object v : values) {
            expected.add(test(cc, v));
          }
          List<Concurrently.Result<List<Boolean>>> results = Concurrently.run(THREADS, i -> () -> {
            List<Boolean> last = null;
            for (int round = 0; round < 50; round++) {
              List<Boolean> got = new ArrayList<>();
              for (Object v : values) {
                got.add(cc.test(v));
              }
              last = got;
            }
            return last;
          });
          for (Concurrently.Result<List<Boolean>> r : results) {
            if (!r.succeeded()) {
              fail(c + ": a concurrent test() threw", r.error());
            }
            assertEquals(expected, r.value(), c + ": answers under concurrency");
          }
        }))));
  }

  // -------------------------------------------------------------------------- per operator

  @TestFactory
  Stream<DynamicNode> eachOperator() {
    return operators().stream().map(op -> DynamicContainer.dynamicContainer(nameOf(op),
        Stream.of(
            DynamicTest.dynamicTest("has a valid name", () -> {
              String name = op.name();
              assertNotNull(name, "name() returned null");
              assertTrue(NAME.matcher(name).matches(), "operator name '" + name
                  + "' must match " + NAME.pattern());
            }),
            DynamicTest.dynamicTest("compiles any argument to a condition or a located error",
                () -> {
                  for (Object arg : modelArguments()) {
                    compileOrReject(op, arg);
                  }
                }),
            DynamicTest.dynamicTest("every compiled condition is total", () -> {
              List<CompiledCondition> compiled = new ArrayList<>();
              for (OperatorCase c : cases()) {
                if (c.operator() == op) {
                  compiled.add(compile(op, c.argument()));
                }
              }
              for (Object arg : modelArguments()) {
                CompiledCondition cc = compileOrReject(op, arg);
                if (cc != null) {
                  compiled.add(cc);
                }
              }
              for (CompiledCondition cc : compiled) {
                for (Object v : modelValues()) {
                  assertTotal(op, cc, v);
                }
                for (Object v : foreignValues()) {
                  assertFalse(test(cc, v), nameOf(op) + " held for " + show(v)
                      + ", a value outside the parameter model that no policy can judge");
                  assertTotal(op, cc, v);
                }
              }
            }))));
  }

  // ------------------------------------------------------------------------------- helpers

  /** Values of the parameter model, including the awkward ones. */
  protected List<Object> modelValues() {
    List<Object> v = new ArrayList<>(Arrays.asList(null, "", " ", "a", "/tmp/a.txt",
        "../../etc/passwd", "/tmp/../etc/passwd", "C:\\Windows\\System32", "a\u0000b",
        "\u202e\u0041", "line\nbreak", "\uD83D\uDE00", "\uD800", "https://example.com/x?y=1",
        "user@example.com", "*", "x".repeat(100_000), 0, -1, 1, Integer.MAX_VALUE,
        Long.MIN_VALUE, Long.MAX_VALUE, (short) 3, (byte) 4, 1.5, -0.0, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1.5f,
        new BigInteger("123456789012345678901234567890"), new BigDecimal("1e400"),
        new BigDecimal("0.10"), true, false, List.of(), List.of("a"), List.of(1, 2),
        Arrays.asList("a", null), List.of(List.of(List.of("deep"))), Map.of(),
        Map.of("a", 1), Map.of("path", "/tmp/a.txt", "nested", Map.of("k", List.of()))));
    return v;
  }

  /**
   * Arguments of the parameter model a policy may give an operator: {@link #modelValues()}
   * without the very long strings (a policy is written by its operator, and a parser caps the
   * length of its strings; a value, which an attacker controls, is not capped).
   */
  protected List<Object> modelArguments() {
    List<Object> args = new ArrayList<>();
    for (Object v : modelValues()) {
      if (!(v instanceof String s) || s.length() <= 1024) {
        args.add(v);
      }
    }
    args.add("y".repeat(1024));
    return args;
  }

  /** Values outside the parameter model: no operator may hold for them. */
  protected List<Object> foreignValues() {
    return List.of(new Object(), new StringBuilder("/tmp/a.txt"), Optional.of("/tmp/a.txt"),
        new char[] {'/', 't'}, new int[] {1}, Thread.State.NEW, Path.of("/tmp/a.txt"),
        URI.create("https://example.com/"), new AtomicInteger(1), new Foreign("/tmp/a.txt"));
  }

  private record Foreign(String value) {}

  private static ConditionSpec spec(ConditionOperator op, Object argument) {
    return new ConditionSpec("path", nameOf(op), argument, LOCATION);
  }

  private static CompiledCondition compile(ConditionOperator op, Object argument) {
    CompiledCondition cc;
    try {
      cc = op.compile(spec(op, argument));
    } catch (PolicyException e) {
      return fail(nameOf(op) + " refused the case's argument " + show(argument) + ": "
          + e.getMessage(), e);
    }
    assertNotNull(cc, nameOf(op) + ".compile returned null for " + show(argument));
    return cc;
  }

  /** The compiled condition, or {@code null} if the argument was rejected correctly. */
  private static CompiledCondition compileOrReject(ConditionOperator op, Object argument) {
    ConditionSpec spec;
    try {
      spec = spec(op, argument);
    } catch (RuntimeException e) {
      return null; // not expressible as a policy argument at all
    }
    try {
      CompiledCondition cc = op.compile(spec);
      assertNotNull(cc, nameOf(op) + ".compile returned null for " + show(argument));
      return cc;
    } catch (PolicyException e) {
      assertLocated(op, argument, e);
      return null;
    } catch (RuntimeException | StackOverflowError e) {
      return fail(nameOf(op) + ".compile(" + show(argument) + ") threw " + e
          + "; a bad argument must be a PolicyException naming where it was written", e);
    }
  }

  private static void assertRejected(ConditionOperator op, Object argument) {
    try {
      CompiledCondition cc = op.compile(spec(op, argument));
      fail(nameOf(op) + " accepted the bad argument " + show(argument) + " (compiled to " + cc + ")");
    } catch (PolicyException e) {
      assertLocated(op, argument, e);
    } catch (RuntimeException e) {
      fail(nameOf(op) + ".compile(" + show(argument) + ") threw " + e
          + "; a bad argument must be a PolicyException naming where it was written", e);
    }
  }

  private static void assertLocated(ConditionOperator op, Object argument, PolicyException e) {
    boolean located;
    if (e instanceof PolicyValidationException v) {
      located = v.problems().stream().map(PolicyProblem::location).anyMatch(LOCATION::equals);
    } else if (e instanceof PolicyParseException p) {
      located = LOCATION.equals(p.location());
    } else {
      located = e.getMessage() != null && e.getMessage().contains(LOCATION.toString());
    }
    assertTrue(located, nameOf(op) + " rejected " + show(argument) + " without naming where the"
        + " condition was written (" + LOCATION + "): " + e.getMessage());
  }

  private static void assertTotal(ConditionOperator op, CompiledCondition cc, Object v) {
    boolean holds = test(cc, v);
    if (!holds) {
      refuses(cc, v); // must answer without throwing
      assertReason(cc, v, nameOf(op));
    } else {
      assertFalse(refuses(cc, v), nameOf(op) + " both holds for and refuses " + show(v));
    }
  }

  private static boolean test(CompiledCondition cc, Object v) {
    try {
      return cc.test(v);
    } catch (RuntimeException | StackOverflowError e) {
      return fail("test(" + show(v) + ") threw " + e + "; a compiled condition must be total", e);
    }
  }

  private static boolean refuses(CompiledCondition cc, Object v) {
    try {
      return cc.refuses(v);
    } catch (RuntimeException | StackOverflowError e) {
      return fail("refuses(" + show(v) + ") threw " + e + "; a compiled condition must be total",
          e);
    }
  }

  private static void assertReason(CompiledCondition cc, Object v, Object what) {
    String reason;
    try {
      reason = cc.describeFailure(v);
    } catch (RuntimeException | StackOverflowError e) {
      fail(what + ": describeFailure(" + show(v) + ") threw " + e, e);
      return;
    }
    assertNotNull(reason, what + ": describeFailure(" + show(v) + ") returned null");
    assertFalse(reason.isBlank(), what + ": describeFailure(" + show(v) + ") is blank");
  }

  private static String nameOf(ConditionOperator op) {
    try {
      return String.valueOf(op.name());
    } catch (RuntimeException e) {
      return op.getClass().getName();
    }
  }

  private static String show(Object v) {
    if (v == null) {
      return "null";
    }
    String s = v instanceof String str ? "\"" + str + "\"" : v + " (" + v.getClass().getSimpleName() + ")";
    s = s.replaceAll("\\p{Cntrl}", "?");
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
