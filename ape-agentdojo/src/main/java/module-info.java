/**
 * AgentDojo in Java: the suites' environments, tools and checks, the scripted agent and the
 * benchmark runner, used by {@code ape agentdojo}. Not a published library; every package is
 * exported so that the command-line tool can drive it from the module path as well.
 *
 * @since 0.2.0
 */
module io.ape.agentdojo {
  requires transitive io.ape.core;
  requires io.ape.policy.yaml;
  requires org.slf4j;
  requires transitive com.fasterxml.jackson.databind;
  requires org.yaml.snakeyaml;

  exports io.ape.agentdojo;
  exports io.ape.agentdojo.ape;
  exports io.ape.agentdojo.cli;
  exports io.ape.agentdojo.data;
  exports io.ape.agentdojo.env;
  exports io.ape.agentdojo.run;
  exports io.ape.agentdojo.suites;
  exports io.ape.agentdojo.suites.banking;
  exports io.ape.agentdojo.suites.shared;
  exports io.ape.agentdojo.suites.slack;
  exports io.ape.agentdojo.suites.travel;
  exports io.ape.agentdojo.suites.workspace;
  exports io.ape.agentdojo.tasks;
  exports io.ape.agentdojo.tools;
  exports io.ape.agentdojo.yaml;
}
