package io.ape.springai;

import io.ape.engine.ApeEngine;
import io.ape.engine.AgentSession;
import java.util.Objects;
import java.util.Optional;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.core.Ordered;

/**
 * Records the user's message of each chat call as trusted input of the APE session, before any
 * other advisor runs: it has the highest precedence, so retrieval (question-answer) advisors,
 * which add documents to the user message, run after it and their documents are not recorded
 * as the user's.
 *
 * @since 0.2.0
 */
public final class ApeUserMessageAdvisor implements CallAdvisor {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ApeUserMessageAdvisor.class);
  private final ApeEngine engine;
  private final SessionMapping sessions;

  /** An advisor that finds the session as the guarded callbacks do. */
  public ApeUserMessageAdvisor(ApeEngine engine, SessionMapping sessions) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  @Override
  public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
    Optional<AgentSession> session;
    try {
      session = sessions.sessionFor(null, engine);
    } catch (RuntimeException e) {
      // nothing is recorded; the tool calls of this chat call find no session and are refused
      LOG.warn("APE could not find the session of a chat call to record its user message: {}",
          e.toString());
      session = Optional.empty();
    }
    UserMessage user = request.prompt().getUserMessage();
    if (session != null && session.isPresent() && user != null && user.getText() != null
        && !user.getText().isBlank()) {
      session.get().recordUserMessage(user.getText());
    }
    return chain.nextCall(request);
  }

  @Override
  public String getName() {
    return "ApeUserMessageAdvisor";
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
