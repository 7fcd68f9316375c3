package io.ape.springai;

import io.ape.springai.internal.EngineSeam;
import io.ape.springai.internal.SessionSeam;
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
  private final EngineSeam engine;
  private final SessionMapping sessions;

  /** An advisor that finds the session as the guarded callbacks do. */
  public ApeUserMessageAdvisor(EngineSeam engine, SessionMapping sessions) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  @Override
  public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
    Optional<SessionSeam> session = sessions.sessionFor(null, engine);
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
