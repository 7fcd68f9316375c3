package io.ape.policy.yaml.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.ape.api.Policy;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyParseException;
import io.ape.api.PolicySource;
import io.ape.api.SourceLocation;
import io.ape.spi.PolicyParser;
import java.io.IOException;
import java.io.StringReader;
import java.util.Objects;

/**
 * The {@link PolicyParser} for YAML and JSON, built on Jackson. Stateless and thread-safe.
 *
 * <p>Steps, each failing with a typed exception that names the source, line and column:
 * size limit (before anything else is done), SHA-256 of the raw bytes, strict UTF-8 decoding,
 * for YAML a linear check for over-long lines ({@link LineLengthCheck}), tokenising into a tree under the structural limits ({@link TreeReader}), and mapping the tree
 * onto the policy model ({@link PolicyMapper}). Nothing but {@link PolicyException} leaves
 * {@link #parse}: library exceptions are translated, keeping the original as the cause.
 *
 * <p>This class is internal; use {@code io.ape.policy.yaml.PolicyParsers} or the
 * {@code PolicyParserProvider}s.
 */
public final class JacksonPolicyParser implements PolicyParser {
  private static final String UNNAMED = "<policy>";
  private static final JacksonPolicyParser YAML = new JacksonPolicyParser(DocumentFormat.YAML);
  private static final JacksonPolicyParser JSON = new JacksonPolicyParser(DocumentFormat.JSON);

  private final DocumentFormat format;

  private JacksonPolicyParser(DocumentFormat format) {
    this.format = format;
  }

  /** The YAML parser. */
  public static PolicyParser yaml() {
    return YAML;
  }

  /** The JSON parser. */
  public static PolicyParser json() {
    return JSON;
  }

  @Override
  public Policy parse(byte[] content, String sourceName, PolicyLimits limits) {
    String source = sourceName == null || sourceName.isBlank() ? UNNAMED : sourceName;
    PolicyLimits effective = Objects.requireNonNullElse(limits, PolicyLimits.defaults());
    SourceLocation start = new SourceLocation(source, 1, 1);
    if (content == null) {
      throw new PolicyParseException(start, "", "no policy content was given (null)");
    }
    if (content.length > effective.maxBytes()) {
      throw new PolicyLimitException(start, "maxBytes", effective.maxBytes(),
          "the document has " + content.length + " bytes");
    }
    try {
      String sha256 = SourceText.sha256Hex(content);
      String text = SourceText.decodeUtf8(content, source);
      if (format == DocumentFormat.YAML) {
        LineLengthCheck.check(text, source, effective);
      }
      Node document = readTree(text, source, effective);
      return new PolicyMapper(source, effective)
          .map(document, new PolicySource(source, format.id(), sha256));
    } catch (PolicyException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new PolicyParseException(start, "", "the " + format.displayName()
          + " parser failed unexpectedly (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private Node readTree(String text, String source, PolicyLimits limits) {
    try (JsonParser parser = format.newFactory(limits).createParser(new StringReader(text))) {
      return TreeReader.read(parser, source, limits, format);
    } catch (JsonProcessingException e) {
      throw JacksonErrors.translate(e, source, format, limits);
    } catch (IOException e) {
      throw new PolicyParseException(new SourceLocation(source, 1, 1), "",
          "the policy could not be read: " + Messages.oneLine(e.getMessage()), e);
    }
  }

  @Override
  public String toString() {
    return "JacksonPolicyParser[" + format.id() + "]";
  }
}
