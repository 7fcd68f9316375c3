package io.ape.langchain4j;

import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolExecutionErrorHandler;
import io.ape.engine.ApeEngine;
import io.ape.engine.ToolRegistration;
import io.ape.langchain4j.internal.Guard;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Entry point of the LangChain4j adapter.
 *
 * <pre>{@code
 * ApeToolGuard ape = ApeLangChain4j.guard(engine).build();
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .chatModel(model)
 *     .tools(ape.tools(new TicketTools()))
 *     .build();
 * assistant.chat("Read ticket 4711", InvocationParameters.from(ApeLangChain4j.SESSION, session));
 * }</pre>
 *
 * @since 0.2.0
 */
public final class ApeLangChain4j {
  /**
   * Invocation parameter holding the APE session of an AI service call: the session object, or
   * its id. Invocation parameters are never shown to the model.
   */
  public static final String SESSION = "ape.session";
  /** Invocation parameter holding the tenant when {@link #SESSION} is a session id. */
  public static final String TENANT = "ape.tenant";

  private ApeLangChain4j() {}

  /**
   * A guard builder for {@code engine}. Build the guard once per engine and reuse it for every
   * AI service: each tool name is registered with the engine once, and a second guard cannot
   * register it again.
   */
  public static Builder guard(ApeEngine engine) {
    return new Builder(Objects.requireNonNull(engine, "engine"));
  }

  /**
   * A tool execution error handler for {@code AiServices.Builder.toolExecutionErrorHandler}
   * that ends the AI service call when APE refused a tool call in {@link RefusalMode#ABORT}, and
   * gives the model a terse text for any other tool failure (never an exception message, which
   * could carry internals).
   */
  public static ToolExecutionErrorHandler abortOnRefusal() {
    return (error, context) -> {
      if (error instanceof ApeToolRefusedException refused) {
        throw refused;
      }
      return ToolErrorHandlerResult.text("The tool failed while running.");
    };
  }

  /**
   * Builds an {@link ApeToolGuard}. Each option can be set once; a second call throws
   * {@link IllegalStateException}.
   */
  public static final class Builder {
    private final ApeEngine engine;
    private RefusalMode refusalMode;
    private SessionMapping sessions;
    private UserMessageSource userMessages;
    private UnaryOperator<ToolRegistration> registrations;

    private Builder(ApeEngine engine) {
      this.engine = engine;
    }

    /** What a refusal does; default {@link RefusalMode#TOOL_ERROR}. */
    public Builder refusalMode(RefusalMode mode) {
      this.refusalMode = once("refusalMode", this.refusalMode, mode);
      return this;
    }

    /** How a call finds its session; default {@link SessionMapping#invocationParameters()}. */
    public Builder sessions(SessionMapping mapping) {
      this.sessions = once("sessions", this.sessions, mapping);
      return this;
    }

    /** Where the user's text is; default {@link UserMessageSource#annotatedArgument()}. */
    public Builder userMessages(UserMessageSource source) {
      this.userMessages = once("userMessages", this.userMessages, source);
      return this;
    }

    /**
     * Refines how each tool is registered with the engine: the action id the policy decides on,
     * the risk (default: the action repository's, else HIGH), the argument schema, a trusted
     * source. The customiser gets {@code ToolRegistration.of(toolName, bridge)} and must keep
     * the tool id and the tool; e.g.
     * {@code r -> r.toolId().equals("getTicket") ? r.withRisk(RiskLevel.LOW) : r}.
     */
    public Builder registrations(UnaryOperator<ToolRegistration> customiser) {
      this.registrations = once("registrations", this.registrations, customiser);
      return this;
    }

    /** The guard. */
    public ApeToolGuard build() {
      return new ApeToolGuard(new Guard(engine,
          refusalMode != null ? refusalMode : RefusalMode.TOOL_ERROR,
          sessions != null ? sessions : SessionMapping.invocationParameters(),
          userMessages != null ? userMessages : UserMessageSource.annotatedArgument(),
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
