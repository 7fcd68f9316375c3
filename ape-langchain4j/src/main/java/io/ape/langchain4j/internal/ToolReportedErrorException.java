package io.ape.langchain4j.internal;

/**
 * A LangChain4j tool adapted for the engine returned an error result: to the engine that is a
 * failure of the tool (reported, never read as a result). The message keeps the start of the
 * tool's error text for whoever inspects the failure in the process; it is not audited and
 * never reaches the model.
 */
final class ToolReportedErrorException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_TEXT = 200;

  ToolReportedErrorException(String toolName, String text) {
    super("tool '" + toolName + "' returned an error result"
        + (text == null ? "" : ": " + (text.length() > MAX_TEXT
            ? text.substring(0, MAX_TEXT) + "..." : text)));
  }
}
