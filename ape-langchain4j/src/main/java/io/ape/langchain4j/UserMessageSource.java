package io.ape.langchain4j;

import dev.langchain4j.invocation.InvocationContext;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;

/**
 * Where the guard finds the text the user typed, to record it as trusted input once per AI
 * service invocation. Only the user's own words may be recorded: a message that retrieval
 * augmentation or content injection has added documents to is not the user's.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface UserMessageSource {
  /** The user's text for this invocation, or empty. */
  Optional<String> userMessage(InvocationContext invocation);

  /**
   * The default: the argument of the AI service method that LangChain4j uses as the user
   * message, as the application passed it (before templates, retrieval or injection): the
   * parameter annotated {@code @dev.langchain4j.service.UserMessage}, else the only parameter of a
   * one-parameter method without annotations. Only {@code String} arguments are recorded.
   */
  static UserMessageSource annotatedArgument() {
    return invocation -> {
      if (invocation == null || invocation.interfaceName() == null
          || invocation.methodName() == null) {
        return Optional.empty();
      }
      List<Object> args = invocation.methodArguments();
      int count = args == null ? 0 : args.size();
      Class<?> type;
      try {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        type = Class.forName(invocation.interfaceName(), false,
            loader != null ? loader : UserMessageSource.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError | SecurityException e) {
        return Optional.empty();
      }
      for (Method m : type.getMethods()) {
        if (!m.getName().equals(invocation.methodName()) || m.getParameterCount() != count) {
          continue;
        }
        Parameter[] ps = m.getParameters();
        for (int i = 0; i < ps.length; i++) {
          if (ps[i].isAnnotationPresent(dev.langchain4j.service.UserMessage.class)
              && args.get(i) instanceof String text) {
            return Optional.of(text);
          }
        }
        if (ps.length == 1 && ps[0].getAnnotations().length == 0
            && args.get(0) instanceof String text) {
          return Optional.of(text);
        }
      }
      return Optional.empty();
    };
  }

  /**
   * The final user message LangChain4j sent to the model ({@link InvocationContext#userMessage()}).
   * Use it only for AI services without retrieval augmentation or content injection, since those
   * put documents into that message.
   */
  static UserMessageSource finalUserMessage() {
    return invocation -> invocation == null || invocation.userMessage() == null
        || !invocation.userMessage().hasSingleText()
        ? Optional.empty() : Optional.of(invocation.userMessage().singleText());
  }

  /** Records nothing: the application records the user's messages on the session itself. */
  static UserMessageSource none() {
    return invocation -> Optional.empty();
  }
}
