package io.ape.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ape.api.Tool;
import io.ape.spi.ToolAdapter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ToolAdapter}, as its Javadoc states it, for every adapter to pass.
 * Extend it and wrap a plain behaviour into a tool of your framework:
 *
 * <pre>{@code
 * class MyFrameworkToolAdapterContractTest extends ToolAdapterContract {
 *   @Override protected ToolAdapter adapter() { return new MyFrameworkToolAdapter(); }
 *   @Override protected Object frameworkTool(Behaviour behaviour) {
 *     return MyFramework.tool("contract_tool", args -> behaviour.run(args));
 *   }
 * }
 * }</pre>
 *
 * <p>What is checked: the adapter supports its framework's tools and answers {@code false}
 * (never throws) for {@code null} and foreign objects; {@code adapt} never runs the tool (the
 * tool runs only when the enforcement gate invokes the adapted {@link Tool}), refuses what it
 * does not support and never returns {@code null}; the adapted tool runs the framework tool
 * exactly once per invocation with exactly the bound arguments, returns its result, and
 * propagates its failure (never turns it into a result); concurrent invocations keep their own
 * arguments.
 *
 * @since 0.2.0
 */
public abstract class ToolAdapterContract {
  /** The number of threads of the concurrent test. */
  protected static final int THREADS = 32;

  /** What a framework tool does when it runs: the test's probe. */
  @FunctionalInterface
  public interface Behaviour {
    /** Runs with the arguments the framework passed. */
    Object run(Map<String, Object> arguments) throws Exception;
  }

  /** The adapter under test. */
  protected abstract ToolAdapter adapter();

  /** A tool of the adapter's framework that does what {@code behaviour} does. */
  protected abstract Object frameworkTool(Behaviour behaviour);

  /** The bound arguments of the {@code n}th invocation (override for a framework's schema). */
  protected Map<String, Object> arguments(int n) {
    return Map.of("path", "/tmp/file-" + n + ".txt", "n", n);
  }

  /**
   * What the adapted tool returns when the framework tool returned {@code value} (override when
   * the framework converts results, e.g. to text).
   */
  protected Object expectedResult(Object value) {
    return value;
  }

  @Test
  void supportsItsFrameworksTools() {
    assertTrue(adapter().supports(frameworkTool(args -> "ok")),
        "the adapter must support a tool of its own framework");
  }

  @Test
  void supportsNeverThrowsAndRefusesForeignObjects() {
    ToolAdapter a = adapter();
    for (Object foreign : foreignObjects()) {
      boolean supported;
      try {
        supported = a.supports(foreign);
      } catch (RuntimeException e) {
        fail("supports(" + foreign + ") threw " + e + "; it must answer false", e);
        return;
      }
      assertFalse(supported, "supports(" + foreign + ") must be false");
    }
  }

  @Test
  void adaptDoesNotRunTheTool() {
    AtomicInteger runs = new AtomicInteger();
    Object tool = frameworkTool(args -> {
      runs.incrementAndGet();
      return "ran";
    });
    Tool adapted = adapter().adapt(tool);
    assertNotNull(adapted, "adapt returned null");
    assertEquals(0, runs.get(), "adapt must not run the tool: only the gate may");
  }

  @Test
  void refusesToAdaptWhatItDoesNotSupport() {
    ToolAdapter a = adapter();
    for (Object foreign : foreignObjects()) {
      if (foreign == null || !a.supports(foreign)) {
        assertThrows(RuntimeException.class, () -> {
          Tool t = a.adapt(foreign);
          assertNotNull(t);
        }, "adapt(" + foreign + ") must throw, not return a tool for something it does not"
            + " support");
      }
    }
  }

  @Test
  void theAdaptedToolRunsTheFrameworkToolOnceWithTheBoundArguments() throws Exception {
    List<Map<String, Object>> calls = Collections.synchronizedList(new ArrayList<>());
    Tool adapted = adapter().adapt(frameworkTool(args -> {
      calls.add(Map.copyOf(args));
      return "result-" + args.get("n");
    }));
    Map<String, Object> args = arguments(7);
    Object result = adapted.invoke(args);
    assertEquals(1, calls.size(), "one invocation runs the framework tool exactly once");
    assertEquals(args, calls.get(0), "the framework tool receives exactly the bound arguments");
    assertEquals(expectedResult("result-" + args.get("n")), result,
        "the adapted tool returns the framework tool's result");
  }

  @Test
  void aFailureOfTheFrameworkToolIsThrownNotReturned() {
    Tool adapted = adapter().adapt(frameworkTool(args -> {
      throw new IllegalStateException("contract-test failure");
    }));
    assertThrows(Exception.class, () -> adapted.invoke(arguments(1)),
        "a failing tool must make invoke throw (the gate reports ToolExecutionException), not"
            + " return a value the model would read as a result");
  }

  @Test
  void concurrentInvocationsKeepTheirOwnArguments() {
    Tool adapted = adapter().adapt(frameworkTool(args -> "result-" + args.get("n")));
    List<Concurrently.Result<Boolean>> results = Concurrently.run(THREADS, i -> () -> {
      for (int k = 0; k < 20; k++) {
        int n = i * 100 + k;
        Object r = adapted.invoke(arguments(n));
        assertEquals(expectedResult("result-" + n), r, "invocation " + n + " got another's result");
      }
      return true;
    });
    for (Concurrently.Result<Boolean> r : results) {
      if (!r.succeeded()) {
        fail("a concurrent invocation failed", r.error());
      }
    }
  }

  /** Objects no adapter should take for a tool of its framework. */
  protected List<Object> foreignObjects() {
    List<Object> l = new ArrayList<>();
    l.add(null);
    l.add(new Object());
    l.add("a tool");
    l.add(42);
    l.add(List.of());
    l.add(Map.of("name", "tool"));
    l.add(Optional.empty());
    return l;
  }
}
