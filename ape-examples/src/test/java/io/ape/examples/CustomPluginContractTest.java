package io.ape.examples;

import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ConditionOperator;
import io.ape.spi.ConditionOperatorProvider;
import io.ape.spi.ProviderContext;
import io.ape.testkit.AuditSinkContract;
import io.ape.testkit.ConditionOperatorContract;
import io.ape.testkit.OperatorCase;
import io.ape.testkit.Providers;
import java.util.List;
import org.junit.jupiter.api.Nested;

/**
 * The example plugins of {@link CustomPlugin} run the ape-testkit contract suites, as a plugin
 * author's own would: each is found through ServiceLoader by its id and extends its suite.
 */
class CustomPluginContractTest {

  /** {@code max_path_depth}: at most N plain path segments; anything it cannot read is refused. */
  @Nested
  class MaxPathDepthOperator extends ConditionOperatorContract {
    @Override
    protected List<OperatorCase> cases() {
      ConditionOperator op = Providers.load(ConditionOperatorProvider.class,
          MaxPathDepthOperatorProvider.NAME).create(ProviderContext.defaults());
      return List.of(OperatorCase.of(op, 3)
          .holds("/workspace/a", "a/b/c", "/", "")
          .fails("/a/b/c/d", "a/b/c/d/e")
          .refuses(42, null, "/a/../b", "./a", List.of("a"))
          .rejectsArguments(0, -1, "3", 1.5, List.of(3)));
    }
  }

  /** {@code example-counting}: counts every event it is given. */
  @Nested
  class CountingAuditSinkContract extends AuditSinkContract {
    @Override
    public AuditSink newSink() {
      return Providers.load(AuditSinkProvider.class, CountingAuditSinkProvider.ID)
          .create(ProviderContext.defaults());
    }
  }
}
