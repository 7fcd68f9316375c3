package io.ape.agentdojo.suites.banking;

import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.suites.SuiteDefinition;
import io.ape.agentdojo.tasks.TranslationRegistry;
import io.ape.agentdojo.tools.ToolBody;
import java.util.Map;

/**
 * The banking suite: 11 tools over a bank account, a file system and a user account.
 *
 * @since 0.2.0
 */
public final class BankingSuite implements SuiteDefinition<BankingEnvironment> {
  private final Map<String, ToolBody<BankingEnvironment>> tools = BankingTools.all();
  private final TranslationRegistry<BankingEnvironment> translations = BankingTasks.registry();

  @Override
  public String name() {
    return "banking";
  }

  @Override
  public BankingEnvironment environment(Object tree) {
    return BankingEnvironment.read(tree);
  }

  @Override
  public Map<String, ToolBody<BankingEnvironment>> tools() {
    return tools;
  }

  @Override
  public TranslationRegistry<BankingEnvironment> translations() {
    return translations;
  }

  @Override
  public BankingEnvironment cast(TaskEnvironment environment) {
    return (BankingEnvironment) environment;
  }
}
