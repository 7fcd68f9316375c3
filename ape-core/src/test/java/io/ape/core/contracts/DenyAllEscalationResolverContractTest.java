package io.ape.core.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.spi.EscalationResolver;
import io.ape.spi.EscalationResolverProvider;
import io.ape.spi.ProviderContext;
import io.ape.testkit.EscalationResolverContract;
import io.ape.testkit.Providers;
import org.junit.jupiter.api.Test;

/** The built-in {@code deny-all} resolver passes the EscalationResolver contract, and denies. */
class DenyAllEscalationResolverContractTest extends EscalationResolverContract {
  @Override
  protected EscalationResolver resolver() {
    return Providers.load(EscalationResolverProvider.class, "deny-all")
        .create(ProviderContext.defaults());
  }

  @Test
  void deniesEveryRequestBoundToIt() throws Exception {
    EscalationResolver r = resolver();
    for (var request : requests()) {
      var answer = r.resolve(request);
      assertThat(answer.approved()).isFalse();
      assertThat(answer.parametersHash()).isEqualTo(request.parametersHash());
      assertThat(answer.reason()).isNotBlank();
    }
  }
}
