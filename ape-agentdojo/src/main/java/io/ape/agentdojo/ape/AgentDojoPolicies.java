package io.ape.agentdojo.ape;

import io.ape.agentdojo.AgentDojoException;
import io.ape.api.Policy;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimits;
import io.ape.policy.yaml.PolicyParsers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the per-suite policies come from: {@code <suite>.yaml} in a directory (the repository's
 * {@code policies/agentdojo}), or the same files bundled in this module's jar. A suite without a
 * policy, or a policy that does not load, is an {@link AgentDojoException}: the benchmark never
 * runs a suite with APE and no policy.
 *
 * @since 0.2.0
 */
public final class AgentDojoPolicies {
  private static final String BUNDLE = "/io/ape/agentdojo/policies/";

  private final Path directory;

  private AgentDojoPolicies(Path directory) {
    this.directory = directory;
  }

  /** The policies bundled with this module (copied from {@code policies/agentdojo} at build). */
  public static AgentDojoPolicies bundled() {
    return new AgentDojoPolicies(null);
  }

  /** The policies {@code <suite>.yaml} in {@code directory}. */
  public static AgentDojoPolicies directory(Path directory) {
    return new AgentDojoPolicies(Objects.requireNonNull(directory, "directory"));
  }

  /**
   * The policy of {@code suite}, parsed and validated.
   *
   * @throws AgentDojoException if there is none or it does not load
   */
  public Policy policy(String suite) {
    if (!suite.matches("[a-z][a-z0-9_-]{0,63}")) {
      throw new AgentDojoException("not a suite name: '" + suite + "'");
    }
    String file = suite + ".yaml";
    byte[] bytes;
    String name;
    if (directory == null) {
      name = "policies/agentdojo/" + file + " (bundled)";
      try (InputStream in = AgentDojoPolicies.class.getResourceAsStream(BUNDLE + file)) {
        if (in == null) {
          throw new AgentDojoException("no bundled APE policy for suite '" + suite + "'");
        }
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new AgentDojoException("cannot read the bundled policy " + name + ": " + e.getMessage());
      }
    } else {
      Path path = directory.resolve(file);
      name = path.toString();
      try {
        bytes = Files.readAllBytes(path);
      } catch (NoSuchFileException e) {
        throw new AgentDojoException("no APE policy for suite '" + suite + "': " + path + " does not exist");
      } catch (IOException e) {
        throw new AgentDojoException("cannot read " + path + ": " + e.getMessage());
      }
    }
    try {
      return PolicyParsers.yaml().parse(bytes, name, PolicyLimits.defaults());
    } catch (PolicyException e) {
      throw new AgentDojoException("the APE policy of suite '" + suite + "' does not load: " + e.getMessage());
    }
  }

  /** Where the policies are read from, for reports. */
  public String describe() {
    return directory == null ? "bundled policies/agentdojo" : directory.toString();
  }

  @Override
  public String toString() {
    return "AgentDojoPolicies[" + describe() + "]";
  }
}
