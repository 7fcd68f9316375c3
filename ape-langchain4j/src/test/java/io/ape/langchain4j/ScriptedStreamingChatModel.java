package io.ape.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A LangChain4j streaming chat model that answers with prepared turns on its own thread
 * ({@value #THREAD}), as a real streaming client answers on its HTTP client's thread: text
 * turns stream word by word; tool-call turns report each complete tool call, then the complete
 * response. It keeps every request.
 */
final class ScriptedStreamingChatModel implements StreamingChatModel, AutoCloseable {
  static final String THREAD = "scripted-model-stream";

  private final Deque<AiMessage> turns = new ArrayDeque<>();
  final List<ChatRequest> requests = new ArrayList<>();
  private final ExecutorService stream = Executors.newSingleThreadExecutor(
      r -> new Thread(r, THREAD));
  private int ids;

  ScriptedStreamingChatModel callTool(String name, String argumentsJson) {
    turns.add(AiMessage.from(List.of(ToolExecutionRequest.builder()
        .id("call-" + (++ids)).name(name).arguments(argumentsJson).build())));
    return this;
  }

  /** Next turn: call several tools at once (name, arguments, name, arguments, ...). */
  ScriptedStreamingChatModel callTools(String... namesAndArguments) {
    List<ToolExecutionRequest> calls = new ArrayList<>();
    for (int i = 0; i < namesAndArguments.length; i += 2) {
      calls.add(ToolExecutionRequest.builder().id("call-" + (++ids))
          .name(namesAndArguments[i]).arguments(namesAndArguments[i + 1]).build());
    }
    turns.add(AiMessage.from(calls));
    return this;
  }

  ScriptedStreamingChatModel answer(String text) {
    turns.add(AiMessage.from(text));
    return this;
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    AiMessage next;
    synchronized (this) {
      requests.add(request);
      next = turns.poll();
    }
    stream.execute(() -> {
      if (next == null) {
        handler.onError(new IllegalStateException("the script has no more turns"));
        return;
      }
      if (next.text() != null) {
        for (String word : next.text().split("(?<= )")) {
          handler.onPartialResponse(word);
        }
      }
      if (next.hasToolExecutionRequests()) {
        // as a streaming client does: each tool call as soon as it is complete
        List<ToolExecutionRequest> calls = next.toolExecutionRequests();
        for (int i = 0; i < calls.size(); i++) {
          handler.onCompleteToolCall(new CompleteToolCall(i, calls.get(i)));
        }
      }
      handler.onCompleteResponse(ChatResponse.builder().aiMessage(next).build());
    });
  }

  /** Every tool result message the model received, in order. */
  synchronized List<ToolExecutionResultMessage> toolResults() {
    List<ToolExecutionResultMessage> out = new ArrayList<>();
    if (!requests.isEmpty()) {
      for (ChatMessage m : requests.get(requests.size() - 1).messages()) {
        if (m instanceof ToolExecutionResultMessage r) {
          out.add(r);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    stream.shutdownNow();
  }
}
