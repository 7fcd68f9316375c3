package io.ape.agentdojo.suites;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.suites.banking.BankingSuite;
import io.ape.agentdojo.suites.slack.SlackSuite;
import io.ape.agentdojo.suites.travel.TravelSuite;
import io.ape.agentdojo.suites.workspace.WorkspaceSuite;
import java.util.List;

/**
 * The suites this module implements: AgentDojo's banking, slack, travel and workspace.
 *
 * @since 0.2.0
 */
public final class Suites {
  private static final SuiteCatalog BUILT_IN = new SuiteCatalog() {
    @Override
    public List<String> names() {
      return Suites.names();
    }

    @Override
    public SuiteDefinition<?> definition(String name) {
      return Suites.definition(name);
    }
  };

  private Suites() {}

  /** The catalog of the four built-in suites. */
  public static SuiteCatalog builtIn() {
    return BUILT_IN;
  }

  /** The names of the implemented suites, in AgentDojo's order. */
  public static List<String> names() {
    return List.of("banking", "slack", "travel", "workspace");
  }

  /** A new definition of the named suite. */
  public static SuiteDefinition<?> definition(String name) {
    switch (name) {
      case "banking":
        return new BankingSuite();
      case "slack":
        return new SlackSuite();
      case "travel":
        return new TravelSuite();
      case "workspace":
        return new WorkspaceSuite();
      default:
        throw new AgentDojoException("suite '" + name + "' is not implemented; implemented: " + names());
    }
  }
}
