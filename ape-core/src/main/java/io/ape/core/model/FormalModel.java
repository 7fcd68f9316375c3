package io.ape.core.model;

import io.ape.core.authority.TokenState;
import io.ape.core.canonical.CanonicalJson;
import io.ape.core.runtime.RuntimeState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authority lifecycle as a formal model: the runtime state machine, the token life cycle
 * and the invariants, exportable as JSON ({@link #toJson()}), Graphviz DOT ({@link #toDot()})
 * and a TLA+ module ({@link #toTla()}).
 *
 * <p>Immutable and stateless; every export is deterministic (the same text on every call).
 */
public final class FormalModel {
  /** The name of the TLA+ module. */
  public static final String MODULE = "ApeAuthority";

  private static final List<Invariant> INVARIANTS = List.of(
      new Invariant("NoToolWithoutAuthority",
          "A tool runs only for a token that was issued after an ALLOW (or an accepted "
              + "escalation) for exactly that step, and that was consumed in EXECUTING.",
          "\\A i \\in 1..Len(executed) : LET t == executed[i] IN "
              + "tstate[t] = \"CONSUMED\" /\\ allowedAtIssue[t]"),
      new Invariant("SingleUse",
          "Each token runs at most one tool: no token appears twice among the executions.",
          "\\A i, j \\in 1..Len(executed) : i # j => executed[i] # executed[j]"),
      new Invariant("StepsInPlanOrder",
          "Steps run in plan order, each once: the i-th execution is of step i-1.",
          "\\A i \\in 1..Len(executed) : tstep[executed[i]] = i - 1"),
      new Invariant("IssueOnlyInExecuting",
          "A token is issued only while the run is EXECUTING.",
          "\\A t \\in Tokens : tstate[t] # \"NONE\" => issuedInExecuting[t]"),
      new Invariant("AtMostOneOutstanding",
          "A run has at most one outstanding token at a time (the next step's).",
          "Cardinality({t \\in Tokens : tstate[t] = \"ISSUED\"}) <= 1"),
      new Invariant("TerminatedIsFinal",
          "TERMINATED is final: no transition leaves it, no token is outstanding in it, no "
              + "tool runs after it.",
          "rstate = \"TERMINATED\" => \\A t \\in Tokens : tstate[t] # \"ISSUED\""),
      new Invariant("UntrustedCannotRaiseAuthority",
          "Data from an untrusted channel never sets the intent, submits or approves a plan, "
              + "approves an escalation, or parameterises an action that requires trusted "
              + "parameters.",
          "authoritySource \\in TrustedChannels"),
      new Invariant("PolicyBound",
          "A token is consumed only under the policy version it was issued under.",
          "\\A t \\in Tokens : tstate[t] = \"CONSUMED\" => tver[t] = consumedUnder[t]"),
      new Invariant("TenantIsolation",
          "A token is consumed only in the tenant it was issued in.",
          "\\A t \\in Tokens : tstate[t] = \"CONSUMED\" => ttenant[t] = consumedIn[t]"));

  private FormalModel() {}

  /** The invariants, in a stable order. */
  public static List<Invariant> invariants() {
    return INVARIANTS;
  }

  /** The legal runtime transitions as {@code [from, to]} pairs, in enum order. */
  public static List<List<String>> runtimeTransitions() {
    List<List<String>> out = new ArrayList<>();
    for (RuntimeState from : RuntimeState.values()) {
      for (RuntimeState to : RuntimeState.values()) {
        if (from.canTransitionTo(to)) {
          out.add(List.of(from.name(), to.name()));
        }
      }
    }
    return out;
  }

  /** The token life-cycle transitions with the event that causes each. */
  public static List<Map<String, String>> tokenTransitions() {
    return List.of(
        transition("NONE", TokenState.ISSUED.name(), "issue",
            "run EXECUTING; plan approved against the current intent; next step; allowed tool "
                + "transition; trusted parameters where required; ALLOW (or accepted escalation)"),
        transition(TokenState.ISSUED.name(), TokenState.CONSUMED.name(), "consume",
            "by the enforcement gate only: same instance, MAC verifies, every bound field "
                + "matches, run EXECUTING, policy version unchanged, before expiry; atomic"),
        transition(TokenState.ISSUED.name(), TokenState.REVOKED.name(), "revoke",
            "intent or plan change, policy reload, session end, termination, explicit "
                + "revocation, or an attempted misuse (wrong tenant, action or parameters)"),
        transition(TokenState.ISSUED.name(), TokenState.EXPIRED.name(), "expire",
            "time to live elapsed"));
  }

  private static Map<String, String> transition(String from, String to, String event, String guard) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("from", from);
    m.put("to", to);
    m.put("event", event);
    m.put("guard", guard);
    return m;
  }

  /** The model as JSON (canonical form: sorted keys, no whitespace), ending with a newline. */
  public static String toJson() {
    Map<String, Object> runtime = new LinkedHashMap<>();
    List<String> states = new ArrayList<>();
    for (RuntimeState s : RuntimeState.values()) {
      states.add(s.name());
    }
    runtime.put("states", states);
    runtime.put("initial", RuntimeState.INITIALIZED.name());
    runtime.put("final", List.of(RuntimeState.TERMINATED.name()));
    runtime.put("issuance_allowed_in", List.of(RuntimeState.EXECUTING.name()));
    runtime.put("transitions", runtimeTransitions());

    Map<String, Object> token = new LinkedHashMap<>();
    List<String> tokenStates = new ArrayList<>();
    for (TokenState s : TokenState.values()) {
      tokenStates.add(s.name());
    }
    token.put("states", tokenStates);
    token.put("initial", TokenState.ISSUED.name());
    token.put("final", List.of(TokenState.CONSUMED.name(), TokenState.REVOKED.name(),
        TokenState.EXPIRED.name()));
    token.put("transitions", tokenTransitions());
    token.put("binding", List.of("tenant", "session", "intent_version", "plan_hash", "step_index",
        "action_id", "tool_id", "parameters_sha256", "policy_version"));

    List<Object> invariants = new ArrayList<>();
    for (Invariant i : INVARIANTS) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("id", i.id());
      m.put("description", i.description());
      m.put("tla", i.tla());
      invariants.add(m);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("model", "ape-authority-lifecycle");
    model.put("version", 1);
    model.put("runtime", runtime);
    model.put("token", token);
    model.put("invariants", invariants);
    model.put("provenance", Map.of(
        "trusted", List.of("SYSTEM_TRUSTED", "USER_TRUSTED"),
        "untrusted", List.of("EXTERNAL_UNTRUSTED"),
        "null_label", "EXTERNAL_UNTRUSTED",
        "combination", "least trusted"));
    return CanonicalJson.write(model) + "\n";
  }

  /** The runtime state machine and the token life cycle as a Graphviz DOT digraph. */
  public static String toDot() {
    StringBuilder sb = new StringBuilder();
    sb.append("digraph ape_authority {\n");
    sb.append("  rankdir=LR;\n");
    sb.append("  node [shape=box, style=rounded];\n");
    sb.append("  subgraph cluster_runtime {\n");
    sb.append("    label=\"runtime state machine (authority issued only in EXECUTING)\";\n");
    for (RuntimeState s : RuntimeState.values()) {
      sb.append("    \"").append(s.name()).append('"');
      if (s == RuntimeState.TERMINATED) {
        sb.append(" [peripheries=2]");
      } else if (s == RuntimeState.EXECUTING) {
        sb.append(" [style=\"rounded,bold\"]");
      }
      sb.append(";\n");
    }
    for (List<String> t : runtimeTransitions()) {
      sb.append("    \"").append(t.get(0)).append("\" -> \"").append(t.get(1)).append("\";\n");
    }
    sb.append("  }\n");
    sb.append("  subgraph cluster_token {\n");
    sb.append("    label=\"authority token life cycle\";\n");
    sb.append("    \"token:NONE\" [shape=point];\n");
    for (TokenState s : TokenState.values()) {
      sb.append("    \"token:").append(s.name()).append('"');
      if (s != TokenState.ISSUED) {
        sb.append(" [peripheries=2]");
      }
      sb.append(";\n");
    }
    for (Map<String, String> t : tokenTransitions()) {
      sb.append("    \"token:").append(t.get("from")).append("\" -> \"token:").append(t.get("to"))
          .append("\" [label=\"").append(t.get("event")).append("\"];\n");
    }
    sb.append("  }\n");
    sb.append("}\n");
    return sb.toString();
  }

  /**
   * The model as a TLA+ module: one run with a plan of {@code NumSteps} steps, a finite set of
   * token identities, policy reloads, trusted and untrusted channels, and two tenants, with the
   * invariants as definitions and {@code Spec} / {@code THEOREM} lines ready for TLC.
   */
  public static String toTla() {
    StringBuilder sb = new StringBuilder();
    sb.append("---------------------------- MODULE ").append(MODULE)
        .append(" ----------------------------\n");
    sb.append("(* Generated by io.ape.core.model.FormalModel: the APE authority lifecycle. *)\n");
    sb.append("EXTENDS Naturals, Sequences, FiniteSets\n\n");
    sb.append("CONSTANTS NumSteps, Tokens, MaxPolicyVersion, Tenants, RunTenant\n");
    sb.append("ASSUME NumSteps \\in Nat /\\ RunTenant \\in Tenants\n\n");
    sb.append("RuntimeStates == {");
    appendQuoted(sb, RuntimeState.values());
    sb.append("}\n");
    sb.append("TokenStates == {\"NONE\", ");
    appendQuoted(sb, TokenState.values());
    sb.append("}\n");
    sb.append("TrustedChannels == {\"SYSTEM_TRUSTED\", \"USER_TRUSTED\"}\n");
    sb.append("Channels == TrustedChannels \\cup {\"EXTERNAL_UNTRUSTED\"}\n\n");
    sb.append("Succ(s) ==\n");
    RuntimeState[] all = RuntimeState.values();
    for (int i = 0; i < all.length; i++) {
      RuntimeState s = all[i];
      sb.append(i == 0 ? "  CASE " : "    [] ").append("s = \"").append(s.name()).append("\" -> {");
      appendQuoted(sb, s.successors().toArray(new RuntimeState[0]));
      sb.append("}\n");
    }
    sb.append("\nVARIABLES rstate, intentSet, planApproved, nextStep, pver, tstate, tstep, tver,\n");
    sb.append("          ttenant, allowedAtIssue, issuedInExecuting, consumedUnder, consumedIn,\n");
    sb.append("          executed, authoritySource\n");
    sb.append("vars == <<rstate, intentSet, planApproved, nextStep, pver, tstate, tstep, tver,\n");
    sb.append("          ttenant, allowedAtIssue, issuedInExecuting, consumedUnder, consumedIn,\n");
    sb.append("          executed, authoritySource>>\n\n");
    sb.append("TypeOK ==\n");
    sb.append("  /\\ rstate \\in RuntimeStates /\\ intentSet \\in BOOLEAN /\\ planApproved \\in BOOLEAN\n");
    sb.append("  /\\ nextStep \\in 0..NumSteps /\\ pver \\in 0..MaxPolicyVersion\n");
    sb.append("  /\\ tstate \\in [Tokens -> TokenStates] /\\ tstep \\in [Tokens -> 0..NumSteps]\n");
    sb.append("  /\\ authoritySource \\in Channels\n\n");
    sb.append("Init ==\n");
    sb.append("  /\\ rstate = \"INITIALIZED\" /\\ intentSet = FALSE /\\ planApproved = FALSE\n");
    sb.append("  /\\ nextStep = 0 /\\ pver = 0\n");
    sb.append("  /\\ tstate = [t \\in Tokens |-> \"NONE\"] /\\ tstep = [t \\in Tokens |-> 0]\n");
    sb.append("  /\\ tver = [t \\in Tokens |-> 0] /\\ ttenant = [t \\in Tokens |-> RunTenant]\n");
    sb.append("  /\\ allowedAtIssue = [t \\in Tokens |-> FALSE]\n");
    sb.append("  /\\ issuedInExecuting = [t \\in Tokens |-> FALSE]\n");
    sb.append("  /\\ consumedUnder = [t \\in Tokens |-> 0] /\\ consumedIn = [t \\in Tokens |-> RunTenant]\n");
    sb.append("  /\\ executed = <<>> /\\ authoritySource = \"SYSTEM_TRUSTED\"\n\n");
    sb.append("RevokeOutstanding ==\n");
    sb.append("  tstate' = [t \\in Tokens |-> IF tstate[t] = \"ISSUED\" THEN \"REVOKED\" ELSE tstate[t]]\n\n");
    sb.append("(* Only a trusted channel may declare an intent; the plan approval and every token *)\n");
    sb.append("(* bound to the old intent are withdrawn.                                          *)\n");
    sb.append("SetIntent(ch) ==\n");
    sb.append("  /\\ ch \\in TrustedChannels /\\ rstate # \"TERMINATED\"\n");
    sb.append("  /\\ intentSet' = TRUE /\\ planApproved' = FALSE /\\ nextStep' = 0 /\\ RevokeOutstanding\n");
    sb.append("  /\\ authoritySource' = ch\n");
    sb.append("  /\\ UNCHANGED <<rstate, pver, tstep, tver, ttenant, allowedAtIssue, issuedInExecuting,\n");
    sb.append("                consumedUnder, consumedIn, executed>>\n\n");
    sb.append("ApprovePlan(ch) ==\n");
    sb.append("  /\\ ch \\in TrustedChannels /\\ rstate = \"INTENT_SET\" /\\ intentSet\n");
    sb.append("  /\\ planApproved' = TRUE /\\ authoritySource' = ch\n");
    sb.append("  /\\ UNCHANGED <<rstate, intentSet, nextStep, pver, tstate, tstep, tver, ttenant,\n");
    sb.append("                allowedAtIssue, issuedInExecuting, consumedUnder, consumedIn, executed>>\n\n");
    sb.append("Transition(to) ==\n");
    sb.append("  /\\ to \\in Succ(rstate)\n");
    sb.append("  /\\ to = \"INTENT_SET\" => intentSet\n");
    sb.append("  /\\ (to = \"PLAN_APPROVED\" \\/ (to = \"EXECUTING\" /\\ rstate = \"PLAN_APPROVED\")) => planApproved\n");
    sb.append("  /\\ rstate' = to\n");
    sb.append("  /\\ IF to = \"TERMINATED\" THEN RevokeOutstanding ELSE UNCHANGED tstate\n");
    sb.append("  /\\ UNCHANGED <<intentSet, planApproved, nextStep, pver, tstep, tver, ttenant,\n");
    sb.append("                allowedAtIssue, issuedInExecuting, consumedUnder, consumedIn, executed,\n");
    sb.append("                authoritySource>>\n\n");
    sb.append("(* The policy decision is abstracted as ALLOW for every step (DENY issues nothing). *)\n");
    sb.append("Issue(t) ==\n");
    sb.append("  /\\ rstate = \"EXECUTING\" /\\ planApproved /\\ nextStep < NumSteps\n");
    sb.append("  /\\ tstate[t] = \"NONE\" /\\ \\A u \\in Tokens : tstate[u] # \"ISSUED\"\n");
    sb.append("  /\\ tstate' = [tstate EXCEPT ![t] = \"ISSUED\"] /\\ tstep' = [tstep EXCEPT ![t] = nextStep]\n");
    sb.append("  /\\ tver' = [tver EXCEPT ![t] = pver] /\\ ttenant' = [ttenant EXCEPT ![t] = RunTenant]\n");
    sb.append("  /\\ allowedAtIssue' = [allowedAtIssue EXCEPT ![t] = TRUE]\n");
    sb.append("  /\\ issuedInExecuting' = [issuedInExecuting EXCEPT ![t] = (rstate = \"EXECUTING\")]\n");
    sb.append("  /\\ UNCHANGED <<rstate, intentSet, planApproved, nextStep, pver, consumedUnder,\n");
    sb.append("                consumedIn, executed, authoritySource>>\n\n");
    sb.append("(* The gate: presented in tenant `tenant`; consumes atomically and runs the step. *)\n");
    sb.append("Execute(t, tenant) ==\n");
    sb.append("  /\\ rstate = \"EXECUTING\" /\\ planApproved /\\ tstate[t] = \"ISSUED\"\n");
    sb.append("  /\\ tenant = ttenant[t] /\\ tstep[t] = nextStep /\\ tver[t] = pver\n");
    sb.append("  /\\ tstate' = [tstate EXCEPT ![t] = \"CONSUMED\"]\n");
    sb.append("  /\\ consumedUnder' = [consumedUnder EXCEPT ![t] = pver]\n");
    sb.append("  /\\ consumedIn' = [consumedIn EXCEPT ![t] = tenant]\n");
    sb.append("  /\\ executed' = Append(executed, t) /\\ nextStep' = nextStep + 1\n");
    sb.append("  /\\ UNCHANGED <<rstate, intentSet, planApproved, pver, tstep, tver, ttenant,\n");
    sb.append("                allowedAtIssue, issuedInExecuting, authoritySource>>\n\n");
    sb.append("(* A refused presentation (wrong tenant, step or parameters) burns the token. *)\n");
    sb.append("Misuse(t) ==\n");
    sb.append("  /\\ tstate[t] = \"ISSUED\" /\\ tstate' = [tstate EXCEPT ![t] = \"REVOKED\"]\n");
    sb.append("  /\\ UNCHANGED <<rstate, intentSet, planApproved, nextStep, pver, tstep, tver, ttenant,\n");
    sb.append("                allowedAtIssue, issuedInExecuting, consumedUnder, consumedIn, executed,\n");
    sb.append("                authoritySource>>\n\n");
    sb.append("Expire(t) ==\n");
    sb.append("  /\\ tstate[t] = \"ISSUED\" /\\ tstate' = [tstate EXCEPT ![t] = \"EXPIRED\"]\n");
    sb.append("  /\\ UNCHANGED <<rstate, intentSet, planApproved, nextStep, pver, tstep, tver, ttenant,\n");
    sb.append("                allowedAtIssue, issuedInExecuting, consumedUnder, consumedIn, executed,\n");
    sb.append("                authoritySource>>\n\n");
    sb.append("(* Outstanding tokens become unusable: the implementation refuses them on consumption *)\n");
    sb.append("(* (tver # pver) and revokes them on the next issuance or via onPolicyReloaded.     *)\n");
    sb.append("ReloadPolicy ==\n");
    sb.append("  /\\ pver < MaxPolicyVersion /\\ pver' = pver + 1 /\\ RevokeOutstanding\n");
    sb.append("  /\\ UNCHANGED <<rstate, intentSet, planApproved, nextStep, tstep, tver, ttenant,\n");
    sb.append("                allowedAtIssue, issuedInExecuting, consumedUnder, consumedIn, executed,\n");
    sb.append("                authoritySource>>\n\n");
    sb.append("Next ==\n");
    sb.append("  \\/ \\E ch \\in Channels : SetIntent(ch) \\/ ApprovePlan(ch)\n");
    sb.append("  \\/ \\E s \\in RuntimeStates : Transition(s)\n");
    sb.append("  \\/ \\E t \\in Tokens : Issue(t) \\/ Misuse(t) \\/ Expire(t)\n");
    sb.append("  \\/ \\E t \\in Tokens, tn \\in Tenants : Execute(t, tn)\n");
    sb.append("  \\/ ReloadPolicy\n\n");
    sb.append("Spec == Init /\\ [][Next]_vars\n\n");
    sb.append("(* Invariants *)\n");
    for (Invariant i : INVARIANTS) {
      sb.append("(* ").append(i.description()).append(" *)\n");
      sb.append(i.id()).append(" ==\n  ").append(i.tla()).append("\n\n");
    }
    sb.append("TerminatedStaysTerminated == [][rstate = \"TERMINATED\" => rstate' = \"TERMINATED\"]_vars\n\n");
    sb.append("THEOREM Spec => [](TypeOK");
    for (Invariant i : INVARIANTS) {
      sb.append(" /\\ ").append(i.id());
    }
    sb.append(")\n");
    sb.append("THEOREM Spec => TerminatedStaysTerminated\n");
    sb.append("=============================================================================\n");
    return sb.toString();
  }

  private static void appendQuoted(StringBuilder sb, Enum<?>[] values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('"').append(values[i].name()).append('"');
    }
  }
}
