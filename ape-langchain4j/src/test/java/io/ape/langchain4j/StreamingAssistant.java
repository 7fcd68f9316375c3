package io.ape.langchain4j;

import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;

/** The streaming AI service under test. */
public interface StreamingAssistant {
  TokenStream chat(@UserMessage String message, InvocationParameters parameters);
}
