package io.ape.agentdojo.suites.travel;

import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.suites.SuiteDefinition;
import io.ape.agentdojo.tasks.TranslationRegistry;
import io.ape.agentdojo.tools.ToolBody;
import java.util.Map;

/**
 * The travel suite: 28 tools over hotels, restaurants, car rentals, flights, a calendar, a reservation and an inbox.
 *
 * @since 0.2.0
 */
public final class TravelSuite implements SuiteDefinition<TravelEnvironment> {
  private final Map<String, ToolBody<TravelEnvironment>> tools = TravelTools.all();
  private final TranslationRegistry<TravelEnvironment> translations = TravelTasks.registry();

  @Override
  public String name() {
    return "travel";
  }

  @Override
  public TravelEnvironment environment(Object tree) {
    return TravelEnvironment.read(tree);
  }

  @Override
  public Map<String, ToolBody<TravelEnvironment>> tools() {
    return tools;
  }

  @Override
  public TranslationRegistry<TravelEnvironment> translations() {
    return translations;
  }

  @Override
  public TravelEnvironment cast(TaskEnvironment environment) {
    return (TravelEnvironment) environment;
  }
}
