package io.ape.agentdojo.suites;

import java.util.List;

/**
 * Which suites a run can use and their Java definitions. {@link Suites#builtIn()} has AgentDojo's
 * four; a test or an extension can add its own suite in the same data format.
 *
 * @since 0.2.0
 */
public interface SuiteCatalog {
  /** The suite names this catalog implements. */
  List<String> names();

  /** A fresh definition of a suite; an unknown name is an {@link io.ape.agentdojo.AgentDojoException}. */
  SuiteDefinition<?> definition(String name);
}
