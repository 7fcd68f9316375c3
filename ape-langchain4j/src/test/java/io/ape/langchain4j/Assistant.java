package io.ape.langchain4j;

import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.UserMessage;

/** The AI service under test. */
public interface Assistant {
  String chat(@UserMessage String message, InvocationParameters parameters);
}
