package io.ape.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ApeException;
import io.ape.api.Outcome;
import io.ape.core.policy.PolicyEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Attack class "the gateway hides a tool the policy would allow" (the model could then never use
 * it, and an operator would loosen the policy to compensate): for random policies, every action
 * the real engine allows or escalates for some arguments is one {@link PolicyReach} says the
 * policy can allow.
 */
class PolicyReachPropertyTest {
  private static final List<String> ACTIONS = List.of("s.a", "s.b", "s.c");
  private static final List<Map<String, Object>> ARGUMENTS = List.of(Map.of(), Map.of("x", "v"),
      Map.of("x", "w"), Map.of("x", 7));

  /** One action's place in a policy: lists it is in, and its rules. */
  record Place(boolean forbidden, boolean escalated, boolean allowed, List<String> rules) {}

  @Provide
  Arbitrary<Place> place() {
    Arbitrary<String> rule = Combinators.combine(Arbitraries.of("allow", "deny", "escalate"),
        Arbitraries.of("", "{ allowlist: [\"v\"] }", "{ denylist: [\"v\"] }"))
        .as((decision, condition) -> decision + "|" + condition);
    return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 9),
            Arbitraries.integers().between(0, 9), rule.list().ofMaxSize(2))
        .as((f, e, a, rules) -> new Place(f == 0, e == 0, a < 3, rules));
  }

  @Property(tries = 300)
  void neverHidesAnActionTheEngineCanAllowOrEscalate(@ForAll("place") Place a, @ForAll("place") Place b,
      @ForAll("place") Place c, @ForAll("defaults") String defaultDecision) throws IOException {
    List<Place> places = List.of(a, b, c);
    StringBuilder y = new StringBuilder("name: reach\nversion: \"1\"\ndefault_decision: " + defaultDecision + "\n");
    list(y, "forbidden_actions", places, Place::forbidden);
    list(y, "escalation_required", places, Place::escalated);
    list(y, "allowed_actions", places, Place::allowed);
    StringBuilder rules = new StringBuilder();
    for (int i = 0; i < ACTIONS.size(); i++) {
      for (String r : places.get(i).rules()) {
        String[] parts = r.split("\\|", -1);
        rules.append("  - action: \"").append(ACTIONS.get(i)).append("\"\n    decision: ").append(parts[0]).append('\n');
        if (!parts[1].isEmpty()) {
          rules.append("    conditions:\n      x: ").append(parts[1]).append('\n');
        }
      }
    }
    if (rules.length() > 0) {
      y.append("rules:\n").append(rules);
    }
    Path file = Files.createTempFile("reach", ".yaml");
    try {
      Files.writeString(file, y.toString(), StandardCharsets.UTF_8);
      PolicyEngine engine;
      try {
        engine = PolicyEngine.fromFile(file);
      } catch (ApeException invalid) {
        Assume.that(false); // a combination the policy language refuses (e.g. listed twice)
        return;
      }
      try (engine) {
        for (String action : ACTIONS) {
          boolean engineCan = ARGUMENTS.stream().anyMatch(args -> {
            Outcome o = engine.evaluate(action, args).outcome();
            return o == Outcome.ALLOW || o == Outcome.ESCALATE;
          });
          if (engineCan) {
            assertThat(PolicyReach.canEverAllow(engine.policy(), action)).as(action + " in\n" + y).isTrue();
          }
        }
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Provide
  Arbitrary<String> defaults() {
    return Arbitraries.of("deny", "allow", "escalate");
  }

  private static void list(StringBuilder y, String key, List<Place> places, java.util.function.Predicate<Place> in) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < places.size(); i++) {
      if (in.test(places.get(i))) {
        items.append(items.length() == 0 ? "" : ", ").append('"').append(ACTIONS.get(i)).append('"');
      }
    }
    if (items.length() > 0) {
      y.append(key).append(": [").append(items).append("]\n");
    }
  }
}
