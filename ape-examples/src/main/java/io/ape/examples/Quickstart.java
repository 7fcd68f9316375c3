package io.ape.examples;

import io.ape.core.orchestrator.ApeOrchestrator;
import io.ape.core.orchestrator.OrchestrationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seed's "Orchestrator (simple)" path in Java: load {@code policies/read_only.yaml},
 * register tools, {@code execute("Read the file /workspace/config.json")}.
 *
 * <p>The tools map {@code /workspace} onto a temporary directory holding a real config.json.
 */
public final class Quickstart {
  private Quickstart() {}

  /** Runs the quick start and prints the file's contents (or the error). */
  public static void main(String[] args) throws IOException {
    Path policy = args.length > 0 ? Path.of(args[0]) : Workspace.policy("read_only.yaml");
    Path dir = Files.createTempDirectory("ape-quickstart");
    OrchestrationResult result = run(policy, dir);
    if (result.success()) {
      System.out.println(result.results().get(0));
    } else {
      System.out.println("Error: " + result.error());
    }
  }

  /** Writes {@code config.json} into {@code dir} and reads it back through APE. */
  public static OrchestrationResult run(Path policy, Path dir) throws IOException {
    Workspace workspace = new Workspace(dir);
    Files.writeString(workspace.root().resolve("config.json"), "{\"debug\": false}\n");
    try (ApeOrchestrator orch = ApeOrchestrator.fromPolicy(policy)) {
      orch.registerTool("read_file", workspace::read);
      orch.registerTool("list_directory", workspace::list);
      return orch.execute("Read the file /workspace/config.json");
    }
  }
}
