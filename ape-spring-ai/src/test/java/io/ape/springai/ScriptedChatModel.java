package io.ape.springai;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/**
 * A Spring AI chat model that answers with prepared turns (tool calls, then text) and keeps
 * every prompt; the tool loop itself is Spring AI's (the ChatClient's tool calling advisor with
 * DefaultToolCallingManager).
 */
final class ScriptedChatModel implements ChatModel {
  private final Deque<AssistantMessage> turns = new ArrayDeque<>();
  final List<Prompt> prompts = new ArrayList<>();
  private int ids;

  ScriptedChatModel callTool(String name, String argumentsJson) {
    turns.add(AssistantMessage.builder().content("").toolCalls(List.of(
        new AssistantMessage.ToolCall("call-" + (++ids), "function", name, argumentsJson)))
        .build());
    return this;
  }

  ScriptedChatModel answer(String text) {
    turns.add(new AssistantMessage(text));
    return this;
  }

  @Override
  public synchronized ChatResponse call(Prompt prompt) {
    prompts.add(prompt);
    AssistantMessage next = turns.poll();
    if (next == null) {
      throw new IllegalStateException("the script has no more turns");
    }
    return new ChatResponse(List.of(new Generation(next)));
  }

  @Override
  public ChatOptions getOptions() {
    return ToolCallingChatOptions.builder().build();
  }

  /** The tool responses in the last prompt the model received, in order. */
  synchronized List<ToolResponseMessage.ToolResponse> toolResponses() {
    List<ToolResponseMessage.ToolResponse> out = new ArrayList<>();
    if (prompts.isEmpty()) {
      return out;
    }
    for (Message m : prompts.get(prompts.size() - 1).getInstructions()) {
      if (m instanceof ToolResponseMessage r) {
        out.addAll(r.getResponses());
      }
    }
    return out;
  }
}
