package io.ape.springai.autoconfigure;

import io.ape.springai.RefusalMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ape.spring-ai.*} properties.
 *
 * @since 0.2.0
 */
@ConfigurationProperties("ape.spring-ai")
public class ApeSpringAiProperties {
  /**
   * Whether every ToolCallback and ToolCallbackProvider bean is guarded. Turning it off is an
   * explicit decision to run tools without APE.
   */
  private boolean enabled = true;
  /** What a refusal does: TOOL_ERROR (the model gets a terse error) or ABORT. */
  private RefusalMode refusalMode = RefusalMode.TOOL_ERROR;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public RefusalMode getRefusalMode() {
    return refusalMode;
  }

  public void setRefusalMode(RefusalMode refusalMode) {
    this.refusalMode = refusalMode;
  }
}
