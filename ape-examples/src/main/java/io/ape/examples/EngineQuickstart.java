package io.ape.examples;

import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.core.policy.PolicyEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine quick start: load a policy file, ask the engine about a few actions, and act on
 * each decision's outcome. Only ALLOW runs a tool; ESCALATE needs a human first; DENY (the
 * answer to anything the policy does not allow) is final.
 *
 * <p>Run it with {@code java -cp ... io.ape.examples.EngineQuickstart [policy.yaml]}; without an
 * argument it uses the bundled {@code quickstart-policy.yaml}:
 *
 * <pre>{@code
 * name: quickstart
 * default_decision: deny
 * allowed_actions: [read_file]
 * forbidden_actions: [delete_file]
 * escalation_required: [send_email]
 * rules:
 *   - action: write_file
 *     decision: allow
 *     conditions:
 *       path: { path_within: /tmp }
 * }</pre>
 */
public final class EngineQuickstart {
  /** The bundled policy, a class-path resource next to this class. */
  static final String BUNDLED_POLICY = "quickstart-policy.yaml";

  /** The requests the quick start asks about: allowed, denied and escalated ones. */
  static final List<Request> REQUESTS = List.of(
      new Request("read_file", Map.of("path", "/srv/data/report.csv")),
      new Request("write_file", Map.of("path", "/tmp/report.txt")),
      new Request("write_file", Map.of("path", "/tmp/../etc/passwd")),
      new Request("write_file", Map.of()),
      new Request("send_email", Map.of("to", "boss@example.com")),
      new Request("delete_file", Map.of("path", "/tmp/report.txt")),
      new Request("run_shell_command", Map.of("command", "rm -rf /")));

  private EngineQuickstart() {}

  /** An action and its parameters, as an agent would propose them. */
  record Request(String action, Map<String, Object> parameters) {}

  /**
   * One request of the quick start and what became of it.
   *
   * @param action the action id asked about
   * @param parameters its parameters
   * @param decision the engine's decision
   * @param handling what the caller did with it
   */
  public record Result(String action, Map<String, Object> parameters, Decision decision,
      String handling) {
    public Result {
      parameters = Map.copyOf(parameters);
    }

    /** The outcome of the decision. */
    public Outcome outcome() {
      return decision.outcome();
    }
  }

  /** Runs the quick start against a policy file given as the first argument, or the bundled one. */
  public static void main(String[] args) throws IOException {
    List<Result> results;
    if (args.length > 0) {
      results = run(Path.of(args[0]));
    } else {
      Path policy = copyBundledPolicy();
      try {
        results = run(policy);
      } finally {
        Files.deleteIfExists(policy);
      }
    }
    for (Result r : results) {
      System.out.printf("%-12s %-34s -> %-8s %s%n", r.action(), r.parameters(), r.outcome(),
          r.handling());
    }
  }

  /**
   * Loads {@code policyFile} and decides the quick start's requests, in order.
   *
   * @throws io.ape.api.PolicyException if the policy cannot be read, parsed or validated
   */
  public static List<Result> run(Path policyFile) {
    List<Result> results = new ArrayList<>();
    try (PolicyEngine engine = PolicyEngine.fromFile(policyFile)) {
      for (Request request : REQUESTS) {
        Decision decision = engine.evaluate(request.action(), request.parameters());
        String handling = switch (decision.outcome()) {
          case ALLOW -> "run the tool";
          case ESCALATE -> "ask a human first: " + decision.reason();
          case DENY -> "refuse: " + decision.reason();
        };
        results.add(new Result(request.action(), request.parameters(), decision, handling));
      }
    }
    return results;
  }

  /** Copies the bundled policy to a temporary file, which the caller deletes. */
  static Path copyBundledPolicy() throws IOException {
    Path file = Files.createTempFile("ape-quickstart-", ".yaml");
    try (InputStream in = EngineQuickstart.class.getResourceAsStream(BUNDLED_POLICY)) {
      if (in == null) {
        throw new IllegalStateException("the bundled " + BUNDLED_POLICY + " is missing from the"
            + " class path");
      }
      Files.write(file, in.readAllBytes());
      return file;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }
}
