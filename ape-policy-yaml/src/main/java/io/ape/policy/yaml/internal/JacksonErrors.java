package io.ape.policy.yaml.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyParseException;
import io.ape.api.SourceLocation;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns Jackson and SnakeYAML exceptions into {@link PolicyParseException}s with the source
 * name, line and column, and a message without library internals. The original exception is
 * kept as the cause.
 */
final class JacksonErrors {
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:field|Object property) '(.*)'",
      Pattern.DOTALL);

  private JacksonErrors() {}

  static PolicyParseException translate(JsonProcessingException e, String source,
      DocumentFormat format, PolicyLimits limits) {
    SourceLocation location = locationOf(e, source);
    if (e instanceof BoundedYamlParser.NumberTooLongException) {
      int length = ((BoundedYamlParser.NumberTooLongException) e).length();
      return new PolicyLimitException(location, "maxNumberLength",
          BoundedYamlParser.MAX_NUMBER_LENGTH, "a number has " + length + " characters");
    }
    if (e instanceof StreamConstraintsException) {
      return constraint((StreamConstraintsException) e, location, limits);
    }
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher duplicate = DUPLICATE.matcher(original);
    if (duplicate.find()) {
      return new PolicyParseException(location, "", "duplicate key "
          + Messages.quote(duplicate.group(1)) + ": a key may appear only once in a mapping", e);
    }
    MarkedYAMLException marked = snakeYamlCause(e);
    if (marked != null) {
      String context = marked.getContext();
      String problem = marked.getProblem();
      String text = (context == null ? "" : context + ": ") + (problem == null ? original : problem);
      return new PolicyParseException(location, "",
          "malformed " + format.displayName() + ": " + Messages.oneLine(text), e);
    }
    return new PolicyParseException(location, "",
        "malformed " + format.displayName() + ": " + Messages.oneLine(original), e);
  }

  private static PolicyParseException constraint(StreamConstraintsException e,
      SourceLocation location, PolicyLimits limits) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (message.startsWith("Number value length")) {
      return new PolicyLimitException(location, "maxNumberLength",
          BoundedYamlParser.MAX_NUMBER_LENGTH, "a number is too long");
    }
    if (message.startsWith("String value length") || message.startsWith("Name length")) {
      return new PolicyLimitException(location, "maxStringLength", limits.maxStringLength(),
          "a string is too long");
    }
    if (message.contains("nesting depth")) {
      return new PolicyLimitException(location, "maxNestingDepth", limits.maxNestingDepth(),
          "the document is nested too deeply");
    }
    return new PolicyParseException(location, "",
        "the document exceeds a parser limit: " + Messages.oneLine(message), e);
  }

  /** Jackson wraps SnakeYAML's exception, which has the exact position of the problem. */
  private static MarkedYAMLException snakeYamlCause(JsonProcessingException e) {
    return e.getCause() instanceof MarkedYAMLException ? (MarkedYAMLException) e.getCause() : null;
  }

  private static SourceLocation locationOf(JsonProcessingException e, String source) {
    MarkedYAMLException marked = snakeYamlCause(e);
    if (marked != null) {
      Mark mark = marked.getProblemMark();
      if (mark != null) {
        return new SourceLocation(source, mark.getLine() + 1, mark.getColumn() + 1);
      }
    }
    JsonLocation location = e.getLocation();
    if (location == null) {
      return new SourceLocation(source, 1, 1);
    }
    return new SourceLocation(source, Math.max(1, location.getLineNr()),
        Math.max(1, location.getColumnNr()));
  }
}
