package io.ape.springai;

import io.ape.engine.ApeEngine;
import io.ape.springai.internal.Guard;
import io.ape.engine.ToolRegistration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Entry point of the Spring AI adapter (without Spring Boot; with it, the auto-configuration
 * does this for every {@code ToolCallback} and {@code ToolCallbackProvider} bean).
 *
 * <pre>{@code
 * ApeToolCallbacks ape = ApeSpringAi.guard(engine).build();
 * try (ApeSessionScope scope = ApeSessionScope.open(session)) {
 *   String answer = ChatClient.create(chatModel).prompt()
 *       .advisors(ape.userMessageAdvisor())
 *       .user(text)
 *       .toolCallbacks(ape.from(new TicketTools()))
 *       .call().content();
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
public final class ApeSpringAi {
  private ApeSpringAi() {}

  /**
   * A guard builder for {@code engine}. Build the guard once per engine and reuse it (the Spring
   * Boot auto-configuration makes one bean): each tool name is registered with the engine once,
   * and another guard cannot register it again.
   */
  public static Builder guard(ApeEngine engine) {
    return new Builder(Objects.requireNonNull(engine, "engine"));
  }

  /** Builds {@link ApeToolCallbacks}; each option can be set once. */
  public static final class Builder {
    private final ApeEngine engine;
    private RefusalMode refusalMode;
    private SessionMapping sessions;
    private UnaryOperator<ToolRegistration> registrations;

    private Builder(ApeEngine engine) {
      this.engine = engine;
    }

    /** What a refusal does; default {@link RefusalMode#TOOL_ERROR}. */
    public Builder refusalMode(RefusalMode mode) {
      this.refusalMode = once("refusalMode", this.refusalMode, mode);
      return this;
    }

    /** How a call finds its session; default {@link SessionMapping#currentScope()}. */
    public Builder sessions(SessionMapping mapping) {
      this.sessions = once("sessions", this.sessions, mapping);
      return this;
    }

    /**
     * Refines how each tool is registered with the engine (action id, risk, schema, trusted
     * source); gets {@code ToolRegistration.of(toolName, bridge)} and must keep the tool id and
     * the tool. Default: as is (the action id is the tool name; risk the action repository's,
     * else HIGH).
     */
    public Builder registrations(UnaryOperator<ToolRegistration> customiser) {
      this.registrations = once("registrations", this.registrations, customiser);
      return this;
    }

    /** The guard. */
    public ApeToolCallbacks build() {
      return new ApeToolCallbacks(new Guard(engine,
          refusalMode != null ? refusalMode : RefusalMode.TOOL_ERROR,
          sessions != null ? sessions : SessionMapping.currentScope(),
          registrations != null ? registrations : UnaryOperator.identity()));
    }

    private static <T> T once(String name, T current, T value) {
      Objects.requireNonNull(value, name);
      if (current != null) {
        throw new IllegalStateException(name + " already set to " + current);
      }
      return value;
    }
  }
}
