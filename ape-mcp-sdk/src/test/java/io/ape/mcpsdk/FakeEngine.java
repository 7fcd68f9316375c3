package io.ape.mcpsdk;

import io.ape.api.ApeException;
import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.api.Labeled;
import io.ape.api.ParameterValues;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceException;
import io.ape.api.Tool;
import io.ape.api.ToolExecutionException;
import io.ape.api.ToolNotRegisteredException;
import io.ape.core.provenance.ValueProvenanceTracker;
import io.ape.mcpsdk.internal.EngineSeam;
import io.ape.mcpsdk.internal.SessionSeam;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Test double of the engine's integrator path (tests only; replaced by the real engine in
 * phase 2): a session per id with the real {@link ValueProvenanceTracker}; the one rule that
 * the listed parameters of the listed tools must be USER_TRUSTED; tools run only when allowed,
 * with "bound" parameters; results recorded as untrusted; every decision in {@link #audit}.
 */
final class FakeEngine implements EngineSeam {
  final Map<String, Tool> tools = new ConcurrentHashMap<>();
  final Map<String, FakeSession> sessions = new ConcurrentHashMap<>();
  final List<String> audit = new CopyOnWriteArrayList<>();
  final AtomicInteger registrations = new AtomicInteger();
  /** tool id -> parameters that must be USER_TRUSTED. */
  final Map<String, Set<String>> trustedParameters = new ConcurrentHashMap<>();
  /** What the gate binds (default: a frozen copy of what was proposed). */
  volatile UnaryOperator<Map<String, Object>> binding = UnaryOperator.identity();
  /** Runs the tool; replace to run it elsewhere. */
  volatile ToolRunner runner = Tool::invoke;
  /** Thrown by every call instead of deciding (e.g. an audit sink that fails). */
  volatile RuntimeException failure;

  interface ToolRunner {
    Object run(Tool tool, Map<String, Object> parameters) throws Exception;
  }

  @Override
  public String tenant() {
    return "acme";
  }

  @Override
  public void registerTool(String toolId, Tool tool) {
    if (tools.putIfAbsent(toolId, tool) != null) {
      throw new IllegalStateException("tool already registered: " + toolId);
    }
    registrations.incrementAndGet();
  }

  @Override
  public Optional<SessionSeam> findSession(String tenantId, String sessionId) {
    FakeSession s = sessions.get(sessionId);
    return s != null && s.tenantId().equals(tenantId) ? Optional.of(s) : Optional.empty();
  }

  FakeSession openSession(String id) {
    FakeSession s = new FakeSession(id);
    sessions.put(id, s);
    return s;
  }

  final class FakeSession implements SessionSeam {
    final String id;
    final ValueProvenanceTracker tracker = new ValueProvenanceTracker();
    final List<String> userMessages = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    FakeSession(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String tenantId() {
      return "acme";
    }

    @Override
    public void recordUserMessage(String text) {
      userMessages.add(text);
      tracker.recordTrusted("user", text);
    }

    @Override
    public GuardedCallResult call(String toolId, Map<String, ?> arguments) {
      if (failure != null) {
        throw failure;
      }
      String correlation = id + "-" + calls.incrementAndGet();
      Map<String, Object> parameters = ParameterValues.copyOf(arguments);
      Map<String, Provenance> labels = tracker.label(parameters);
      Tool tool = tools.get(toolId);
      if (tool == null) {
        return refusal(CallStatus.INVALID, new ToolNotRegisteredException(toolId), labels,
            correlation);
      }
      for (String p : trustedParameters.getOrDefault(toolId, Set.of())) {
        Provenance label = labels.getOrDefault(p, Provenance.MODEL_GENERATED);
        if (!label.isTrusted()) {
          return refusal(CallStatus.DENIED, new ProvenanceException("parameter '" + p
              + "' of '" + toolId + "' must come from the user but is " + label
              + " (rule send-requires-trusted-recipient)"), labels, correlation);
        }
      }
      Object result;
      try {
        result = runner.run(tool, ParameterValues.copyOf(binding.apply(parameters)));
      } catch (Exception e) {
        return refusal(CallStatus.TOOL_FAILED, new ToolExecutionException(toolId, e), labels,
            correlation);
      }
      tracker.recordUntrusted(toolId, result);
      audit.add(correlation + " EXECUTED " + toolId + " " + labels);
      return new GuardedCallResult(CallStatus.EXECUTED, Labeled.untrusted(result), null, null,
          labels, correlation);
    }

    private GuardedCallResult refusal(CallStatus status, ApeException error,
        Map<String, Provenance> labels, String correlation) {
      audit.add(correlation + " " + status + " " + error.getMessage() + " " + labels);
      return new GuardedCallResult(status, null, null, error, labels, correlation);
    }
  }
}
