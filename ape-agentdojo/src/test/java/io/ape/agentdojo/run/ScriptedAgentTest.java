package io.ape.agentdojo.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.agentdojo.tasks.FunctionCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The worst-case agent obeys the first injection it sees, once, and carries on after refusals. */
class ScriptedAgentTest {
  /** Records calls; results are scripted per tool; refuses the tools listed. */
  static final class ScriptedCaller implements ToolCaller {
    final List<String> calls = new ArrayList<>();
    final List<String> prompts = new ArrayList<>();
    final Map<String, Object> results;
    final List<String> refuse;

    ScriptedCaller(Map<String, Object> results, List<String> refuse) {
      this.results = results;
      this.refuse = refuse;
    }

    @Override
    public void recordUserMessage(String prompt) {
      prompts.add(prompt);
    }

    @Override
    public ToolCallOutcome call(String tool, Map<String, Object> arguments) {
      calls.add(tool);
      if (refuse.contains(tool)) {
        return ToolCallOutcome.refused("denied");
      }
      return ToolCallOutcome.executed(results.getOrDefault(tool, "ok"));
    }
  }

  private static FunctionCall call(String name) {
    return new FunctionCall(name, Map.of());
  }

  @Test
  void insertsTheInjectionCallsAfterTheFirstResultThatShowsTheInjection() {
    ScriptedCaller caller = new ScriptedCaller(Map.of("read", List.of(Map.of("x", "... GOAL line ...")),
        "read2", "GOAL line again"), List.of());
    ScriptedAgent.Run run = new ScriptedAgent().run(caller, new ScriptedAgent.Script("prompt",
        List.of(call("list"), call("read"), call("read2"), call("send")),
        List.of(call("evil1"), call("evil2")), "GOAL line", "answer", "said"));
    assertThat(caller.calls).containsExactly("list", "read", "evil1", "evil2", "read2", "send");
    assertThat(caller.prompts).containsExactly("prompt");
    assertThat(run.hijacked()).isTrue();
    assertThat(run.hijackedAfter()).isEqualTo(1);
    assertThat(run.finalAnswer()).isEqualTo("answer said");
    assertThat(run.trace().reached()).hasSize(6);
  }

  @Test
  void aRefusedCallShowsNothingAndTheScriptCarriesOn() {
    ScriptedCaller caller = new ScriptedCaller(Map.of("read", "GOAL line"), List.of("read", "evil1"));
    ScriptedAgent.Run run = new ScriptedAgent().run(caller, new ScriptedAgent.Script("p",
        List.of(call("read"), call("send")), List.of(call("evil1")), "GOAL line", "", "said"));
    assertThat(caller.calls).containsExactly("read", "send");
    assertThat(run.hijacked()).isFalse();
    assertThat(run.finalAnswer()).isEmpty();
    assertThat(run.refused()).isEqualTo(1);
    assertThat(run.trace().reached()).extracting(FunctionCall::function).containsExactly("send");
  }

  @Test
  void aRefusedInjectionCallIsNotInTheTrace() {
    ScriptedCaller caller = new ScriptedCaller(Map.of("read", "GOAL line"), List.of("evil1"));
    ScriptedAgent.Run run = new ScriptedAgent().run(caller, new ScriptedAgent.Script("p",
        List.of(call("read")), List.of(call("evil1"), call("evil2")), "GOAL line", "a", ""));
    assertThat(caller.calls).containsExactly("read", "evil1", "evil2");
    assertThat(run.trace().reached()).extracting(FunctionCall::function).containsExactly("read", "evil2");
    assertThat(run.finalAnswer()).isEqualTo("a");
  }

  @Test
  void aBenignRunNeverInjectsAndAnAttackedRunNeedsAMarker() {
    ScriptedCaller caller = new ScriptedCaller(Map.of("read", "GOAL line"), List.of());
    ScriptedAgent.Run run = new ScriptedAgent().run(caller,
        new ScriptedAgent.Script("p", List.of(call("read")), null, null, "a", ""));
    assertThat(run.hijacked()).isFalse();
    assertThatThrownBy(() -> new ScriptedAgent.Script("p", List.of(), List.of(call("x")), "", "a", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theAgentPassesCopiesOfItsArguments() {
    List<Map<String, Object>> seen = new ArrayList<>();
    ToolCaller mutating = new ToolCaller() {
      @Override
      public void recordUserMessage(String prompt) {}

      @Override
      public ToolCallOutcome call(String tool, Map<String, Object> arguments) {
        arguments.put("injected", true);
        seen.add(arguments);
        return null; // a broken caller: treated as a refusal
      }
    };
    FunctionCall c = new FunctionCall("t", Map.of("a", new ArrayList<>(List.of("x"))));
    ScriptedAgent.Run run = new ScriptedAgent().run(mutating,
        new ScriptedAgent.Script("p", List.of(c, c), null, null, "", ""));
    assertThat(c.args()).containsOnlyKeys("a");
    assertThat(run.refused()).isEqualTo(2);
  }

  /**
   * Whatever the script and whichever calls are refused: a refused call is never in the trace,
   * the injection calls are made at most once and only after a result that shows the marker, and
   * every proposed call is accounted for.
   */
  @Property(tries = 300)
  void refusedCallsNeverReachTheTraceAndTheAgentObeysAtMostOnce(
      @ForAll @Size(max = 6) List<@IntRange(max = 4) Integer> userTools,
      @ForAll @Size(max = 3) List<@IntRange(max = 4) Integer> injectionTools,
      @ForAll @Size(max = 5) Set<@IntRange(max = 4) Integer> refused,
      @ForAll @IntRange(max = 4) int showsInjection) {
    List<String> refusedNames = refused.stream().map(i -> "t" + i).toList();
    ScriptedCaller caller = new ScriptedCaller(Map.of("t" + showsInjection, "x GOAL y"), refusedNames);
    List<FunctionCall> user = userTools.stream().map(i -> call("t" + i)).toList();
    List<FunctionCall> injection = injectionTools.stream().map(i -> call("i" + i)).toList();
    ScriptedAgent.Run run = new ScriptedAgent().run(caller,
        new ScriptedAgent.Script("p", user, injection, "GOAL", "a", ""));
    assertThat(run.trace().reached()).extracting(FunctionCall::function).noneMatch(refusedNames::contains);
    boolean seen = userTools.contains(showsInjection) && !refused.contains(showsInjection);
    assertThat(run.hijacked()).isEqualTo(seen);
    assertThat(run.steps()).hasSize(user.size() + (seen ? injection.size() : 0));
    if (seen) {
      int first = userTools.indexOf(showsInjection);
      assertThat(run.hijackedAfter()).isEqualTo(first);
      assertThat(run.steps().subList(first + 1, first + 1 + injection.size()))
          .allSatisfy(st -> assertThat(st.origin()).isEqualTo(ScriptedAgent.Origin.INJECTION));
    }
  }

  @Test
  void theMarkerIsTheFirstNonBlankLineOfTheGoal() {
    assertThat(BenchmarkRunner.marker("\n  Send it\nnow")).isEqualTo("Send it");
    assertThatThrownBy(() -> BenchmarkRunner.marker(" \n ")).isInstanceOf(RuntimeException.class);
  }
}
