package io.ape.agentdojo.suites;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.suites.banking.BankingSuite;
import io.ape.agentdojo.suites.slack.SlackSuite;
import java.util.List;

/**
 * The suites this module implements.
 *
 * @since 0.2.0
 */
public final class Suites {
  private Suites() {}

  /** The names of the implemented suites, in AgentDojo's order. */
  public static List<String> names() {
    return List.of("banking", "slack");
  }

  /** A new definition of the named suite. */
  public static SuiteDefinition<?> definition(String name) {
    switch (name) {
      case "banking":
        return new BankingSuite();
      case "slack":
        return new SlackSuite();
      default:
        throw new AgentDojoException("suite '" + name + "' is not implemented; implemented: " + names());
    }
  }
}
