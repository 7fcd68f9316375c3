package io.ape.examples;

import io.ape.core.orchestrator.ApeOrchestrator;
import io.ape.core.orchestrator.ApeSession;
import io.ape.core.orchestrator.OrchestrationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The seed's session snippet in Java: "Read config.json", then "Now update it" acts on the
 * same file; the session tracks actions, cumulative risk and time remaining. Uses
 * {@code policies/development.yaml} with {@code /workspace} mapped onto a temporary directory.
 */
public final class Sessions {
  private Sessions() {}

  /**
   * What the session did.
   *
   * @param first the first turn
   * @param second the second turn
   * @param usage the session's usage afterwards
   * @param fileAfter the file's contents afterwards
   */
  public record Outcome(OrchestrationResult first, OrchestrationResult second,
      ApeSession.UsageSummary usage, String fileAfter) {}

  /** Runs the two turns and prints the session's usage. */
  public static void main(String[] args) throws IOException {
    Path policy = args.length > 0 ? Path.of(args[0]) : Workspace.policy("development.yaml");
    Outcome o = run(policy, Files.createTempDirectory("ape-sessions"));
    System.out.println("actions executed: " + o.usage().actionsExecuted());
    System.out.println("cumulative risk:  " + o.usage().cumulativeRisk());
    System.out.println("time remaining:   " + o.usage().timeRemaining().toSeconds() + " s");
    System.out.println("config.json now:  " + o.fileAfter().strip());
  }

  /** Runs the two turns against {@code dir}. */
  public static Outcome run(Path policy, Path dir) throws IOException {
    Workspace workspace = new Workspace(dir);
    Path config = workspace.root().resolve("config.json");
    Files.writeString(config, "{\"debug\": false}\n");
    try (ApeOrchestrator orch = ApeOrchestrator.fromPolicy(policy)) {
      orch.registerTool("read_file", workspace::read);
      orch.registerTool("write_file", workspace::write);
      ApeSession session = orch.createSession("user_123", Duration.ofMinutes(30));
      OrchestrationResult first = session.execute("Read /workspace/config.json");
      OrchestrationResult second = session.execute("Now update it",
          Map.of("write_file", Map.of("content", "{\"debug\": true}\n")));
      return new Outcome(first, second, session.usageSummary(), Files.readString(config));
    }
  }
}
