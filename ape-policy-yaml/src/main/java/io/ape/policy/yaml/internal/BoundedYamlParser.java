package io.ape.policy.yaml.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A {@link YAMLParser} that closes three gaps of the stock parser (jackson-dataformat-yaml 2.21):
 *
 * <ul>
 *   <li>It tells an empty plain scalar ({@code key:}), which YAML reads as null, from an
 *       empty string; the stock parser reports both as {@code ""}.
 *   <li>It exposes the anchor and the tag of every node, including scalars. The stock parser
 *       reports anchors of mappings and sequences only, and reports an alias as a plain string
 *       holding the anchor's name, so {@code *x} would silently read as {@code "x"}.
 *   <li>It refuses number scalars longer than {@link #MAX_NUMBER_LENGTH} characters before they
 *       are decoded. The stock parser decodes numbers eagerly and ignores
 *       {@code StreamReadConstraints.maxNumberLength}; a one-million-digit integer takes seconds
 *       (BigInteger parsing is quadratic).
 * </ul>
 */
final class BoundedYamlParser extends YAMLParser {
  /** The longest number accepted, in characters (Jackson's default for JSON). */
  static final int MAX_NUMBER_LENGTH = 1000;

  BoundedYamlParser(IOContext context, int parserFeatures, int formatFeatures,
      LoaderOptions loaderOptions, ObjectCodec codec, Reader reader) {
    super(context, parserFeatures, formatFeatures, loaderOptions, codec, reader);
  }

  /** The anchor ({@code &name}) of the current scalar, mapping or sequence, or {@code null}. */
  String nodeAnchor() {
    Event event = _lastEvent;
    if (event instanceof NodeEvent && !(event instanceof AliasEvent)) {
      return ((NodeEvent) event).getAnchor();
    }
    return null;
  }

  /** The explicit tag of the current scalar, mapping or sequence, or {@code null}. */
  String nodeTag() {
    Event event = _lastEvent;
    if (event instanceof ScalarEvent) {
      return ((ScalarEvent) event).getTag();
    }
    if (event instanceof CollectionStartEvent) {
      return ((CollectionStartEvent) event).getTag();
    }
    return null;
  }

  /**
   * {@code true} if the current scalar is null in YAML terms but reported as an empty string by
   * the stock parser: an empty plain scalar ({@code key:}) or one tagged {@code !!null}.
   */
  boolean isEmptyNullScalar() {
    Event event = _lastEvent;
    if (!(event instanceof ScalarEvent)) {
      return false;
    }
    ScalarEvent scalar = (ScalarEvent) event;
    String tag = scalar.getTag();
    return Tag.NULL.getValue().equals(tag)
        || (tag == null && scalar.isPlain() && scalar.getValue().isEmpty());
  }

  @Override
  protected JsonToken _decodeScalar(ScalarEvent scalar) throws IOException {
    String value = scalar.getValue();
    if (value.length() > MAX_NUMBER_LENGTH && mayBeNumber(scalar)) {
      throw new NumberTooLongException(this, value.length(),
          _locationFor(scalar.getStartMark()));
    }
    return super._decodeScalar(scalar);
  }

  private boolean mayBeNumber(ScalarEvent scalar) {
    String tag = scalar.getTag();
    if (tag != null && !"!".equals(tag)) {
      return Tag.INT.getValue().equals(tag) || Tag.FLOAT.getValue().equals(tag);
    }
    Tag resolved = _yamlResolver.resolve(NodeId.scalar, scalar.getValue(),
        scalar.getImplicit().canOmitTagInPlainScalar());
    return Tag.INT.equals(resolved) || Tag.FLOAT.equals(resolved);
  }

  /** A number scalar longer than {@link #MAX_NUMBER_LENGTH}. */
  static final class NumberTooLongException extends JsonParseException {
    private static final long serialVersionUID = 1L;

    private final int length;

    NumberTooLongException(YAMLParser parser, int length, JsonLocation location) {
      super(parser, "number with " + length + " characters", location);
      this.length = length;
    }

    int length() {
      return length;
    }
  }
}
