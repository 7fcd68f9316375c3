package io.ape.cli;

import io.ape.api.ApeConfigurationException;
import java.nio.file.Path;

/** Loads policies with the real {@code PolicyEngine} of ape-core. */
final class EnginePolicyLoader implements PolicyLoader {
  @Override
  public LoadedPolicy load(Path file) {
    throw new ApeConfigurationException("the policy engine is not part of this build yet");
  }
}
