package io.ape.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A LangChain4j chat model that answers with prepared turns (tool calls, then text), and keeps
 * every request it received, so a test can see what the model was told (tool results, errors).
 */
final class ScriptedChatModel implements ChatModel {
  private final Deque<AiMessage> turns = new ArrayDeque<>();
  final List<ChatRequest> requests = new ArrayList<>();
  private int ids;

  /** Next turn: call one tool with JSON arguments. */
  ScriptedChatModel callTool(String name, String argumentsJson) {
    turns.add(AiMessage.from(List.of(ToolExecutionRequest.builder()
        .id("call-" + (++ids)).name(name).arguments(argumentsJson).build())));
    return this;
  }

  /** Next turn: answer with text (ends the tool loop). */
  ScriptedChatModel answer(String text) {
    turns.add(AiMessage.from(text));
    return this;
  }

  @Override
  public synchronized ChatResponse doChat(ChatRequest request) {
    requests.add(request);
    AiMessage next = turns.poll();
    if (next == null) {
      throw new IllegalStateException("the script has no more turns");
    }
    return ChatResponse.builder().aiMessage(next).build();
  }

  /** Every tool result message the model received, in order. */
  synchronized List<ToolExecutionResultMessage> toolResults() {
    List<ToolExecutionResultMessage> out = new ArrayList<>();
    if (requests.isEmpty()) {
      return out;
    }
    for (ChatMessage m : requests.get(requests.size() - 1).messages()) {
      if (m instanceof ToolExecutionResultMessage r) {
        out.add(r);
      }
    }
    return out;
  }
}
