package io.ape.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ape.core.authority.TokenState;
import io.ape.core.runtime.RuntimeState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormalModelTest {
  @Test
  void jsonDescribesTheStateMachineTokenLifeCycleAndInvariants() throws Exception {
    JsonNode model = new ObjectMapper().readTree(FormalModel.toJson());
    List<String> states = new ArrayList<>();
    model.at("/runtime/states").forEach(n -> states.add(n.asText()));
    assertThat(states).containsExactly("INITIALIZED", "INTENT_SET", "PLAN_APPROVED", "EXECUTING",
        "ESCALATION_REQUIRED", "TERMINATED");
    int transitions = 0;
    for (RuntimeState s : RuntimeState.values()) {
      transitions += s.successors().size();
    }
    assertThat(model.at("/runtime/transitions").size()).isEqualTo(transitions);
    assertThat(model.at("/runtime/issuance_allowed_in/0").asText()).isEqualTo("EXECUTING");
    assertThat(model.at("/runtime/final/0").asText()).isEqualTo("TERMINATED");
    assertThat(model.at("/token/states").size()).isEqualTo(TokenState.values().length);
    assertThat(model.at("/token/transitions").size()).isEqualTo(4);
    List<String> ids = new ArrayList<>();
    model.at("/invariants").forEach(n -> ids.add(n.get("id").asText()));
    assertThat(ids).contains("NoToolWithoutAuthority", "IssueOnlyInExecuting", "TerminatedIsFinal",
        "UntrustedCannotRaiseAuthority", "SingleUse", "StepsInPlanOrder");
    assertThat(FormalModel.toJson()).isEqualTo(FormalModel.toJson());
  }

  @Test
  void dotHasEveryTransitionAsAnEdge() {
    String dot = FormalModel.toDot();
    assertThat(dot).startsWith("digraph ape_authority {").endsWith("}\n");
    for (List<String> t : FormalModel.runtimeTransitions()) {
      assertThat(dot).contains("\"" + t.get(0) + "\" -> \"" + t.get(1) + "\";");
    }
    assertThat(dot).doesNotContain("\"TERMINATED\" -> ");
    assertThat(dot).contains("\"token:ISSUED\" -> \"token:CONSUMED\" [label=\"consume\"]");
  }

  @Test
  void tlaIsAModuleWithTheSpecAndEveryInvariant() {
    String tla = FormalModel.toTla();
    assertThat(tla).startsWith("---------------------------- MODULE ApeAuthority")
        .endsWith("=============================================================================\n")
        .contains("Spec == Init /\\ [][Next]_vars")
        .contains("s = \"TERMINATED\" -> {}")
        .contains("s = \"EXECUTING\" -> {\"EXECUTING\", \"ESCALATION_REQUIRED\", \"TERMINATED\"}");
    for (Invariant i : FormalModel.invariants()) {
      assertThat(tla).contains(i.id() + " ==\n  " + i.tla());
      assertThat(tla).contains(" /\\ " + i.id());
    }
    // balanced brackets, a cheap syntax sanity check
    assertThat(count(tla, '(')).isEqualTo(count(tla, ')'));
    assertThat(count(tla, '[')).isEqualTo(count(tla, ']'));
    assertThat(count(tla, '{')).isEqualTo(count(tla, '}'));
  }

  private static long count(String s, char c) {
    return s.chars().filter(x -> x == c).count();
  }
}
