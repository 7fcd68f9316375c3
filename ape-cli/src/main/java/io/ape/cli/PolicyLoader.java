package io.ape.cli;

import java.nio.file.Path;

/**
 * What the CLI needs from the policy engine: load and compile one policy file. The only
 * production implementation is {@link EnginePolicyLoader}; tests may substitute their own to
 * provoke failures the real engine cannot be made to produce on demand.
 */
public interface PolicyLoader {
  /**
   * Loads, validates and compiles a policy file.
   *
   * @throws io.ape.api.PolicyException if the file is not a valid policy (typed subclasses)
   * @throws MissingFileException if the file does not exist
   */
  LoadedPolicy load(Path file);
}
