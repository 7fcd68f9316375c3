package io.ape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MultiTenantTest {
  @Test
  void tokenOfTenantAIsRefusedInTenantBAndStaysTenantAs() {
    MultiTenant.Result r = MultiTenant.run();
    assertThat(r.tenantAResult()).isEqualTo("contents of /workspace/tenant-a/a.txt");
    assertThat(r.refusalInB()).isNotNull();
    assertThat(r.refusalInB().getMessage()).contains("tenant-a").contains("tenant-b");
    // (issue 11, hole d: it used to be revoked by the refusal, taking it from its owner)
    assertThat(r.tokenStillUsable()).isTrue();
    assertThat(r.tenantAResultWithIt()).isEqualTo("contents of /workspace/tenant-a/b.txt");
  }
}
