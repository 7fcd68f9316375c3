package io.ape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MultiTenantTest {
  @Test
  void tokenOfTenantAIsRefusedInTenantBAndRevoked() {
    MultiTenant.Result r = MultiTenant.run();
    assertThat(r.tenantAResult()).isEqualTo("contents of /workspace/tenant-a/a.txt");
    assertThat(r.refusalInB()).isNotNull();
    assertThat(r.refusalInB().getMessage()).contains("tenant-a").contains("tenant-b");
    assertThat(r.tokenStillUsable()).isFalse();
  }
}
