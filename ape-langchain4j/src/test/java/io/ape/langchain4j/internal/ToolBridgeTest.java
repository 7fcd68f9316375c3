package io.ape.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bridge the engine's gate runs refuses to run outside its guarded call (another thread). */
class ToolBridgeTest {
  @Test
  void outsideAGuardedCallOnThisThreadTheOriginalDoesNotRun() {
    ToolBridge bridge = new ToolBridge("sendEmail");
    assertThatThrownBy(() -> bridge.invoke(Map.of("to", "bob@acme.com")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not executed");
  }
}
