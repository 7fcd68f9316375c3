package io.ape.springai;

import io.ape.springai.internal.EngineSeam;
import io.ape.springai.internal.Guard;
import java.util.Objects;

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
   * A guard builder for {@code engine}. (Phase 1 of issue 13: takes the engine seam; once the
   * engine facade is merged, {@code guard(ApeEngine)}.)
   */
  public static Builder guard(EngineSeam engine) {
    return new Builder(Objects.requireNonNull(engine, "engine"));
  }

  /** Builds {@link ApeToolCallbacks}; each option can be set once. */
  public static final class Builder {
    private final EngineSeam engine;
    private RefusalMode refusalMode;
    private SessionMapping sessions;

    private Builder(EngineSeam engine) {
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

    /** The guard. */
    public ApeToolCallbacks build() {
      return new ApeToolCallbacks(new Guard(engine,
          refusalMode != null ? refusalMode : RefusalMode.TOOL_ERROR,
          sessions != null ? sessions : SessionMapping.currentScope()));
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
