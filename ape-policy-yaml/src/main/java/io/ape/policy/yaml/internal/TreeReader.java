package io.ape.policy.yaml.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyParseException;
import io.ape.api.SourceLocation;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the token stream of one document into a {@link Node} tree, enforcing the structural
 * limits as it goes, so that a hostile document fails at the first token that crosses a limit.
 *
 * <p>Iterative (no recursion, so no stack overflow however deep the input). YAML aliases are
 * resolved by sharing the anchored node, so memory stays proportional to the input; every alias
 * counts against {@link PolicyLimits#maxAliases()} and may expand to at most
 * {@link #MAX_ALIAS_EXPANSION} nodes, which stops alias bombs ("billion laughs") at the first
 * oversized alias. Recursive aliases, undefined anchors, merge keys ({@code <<}) and tags other
 * than the YAML core schema's are rejected.
 */
final class TreeReader {
  /** The most nodes one alias may stand for, counting nested aliases expanded. */
  static final int MAX_ALIAS_EXPANSION = 1000;

  private static final String CORE_TAG_PREFIX = "tag:yaml.org,2002:";
  private static final Set<String> CORE_TAGS =
      Set.of("str", "int", "float", "bool", "null", "seq", "map");

  private final String source;
  private final PolicyLimits limits;
  private final DocumentFormat format;
  private final Map<String, Node> anchors = new HashMap<>();
  private final Set<String> openAnchors = new HashSet<>();
  private int aliasCount;

  private TreeReader(String source, PolicyLimits limits, DocumentFormat format) {
    this.source = source;
    this.limits = limits;
    this.format = format;
  }

  /**
   * Reads exactly one document.
   *
   * @throws PolicyParseException for an empty document, trailing content, or a limit exceeded
   * @throws IOException for malformed input, as reported by Jackson
   */
  static Node read(JsonParser parser, String source, PolicyLimits limits, DocumentFormat format)
      throws IOException {
    return new TreeReader(source, limits, format).readDocument(parser);
  }

  private Node readDocument(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw new PolicyParseException(new SourceLocation(source, 1, 1), "",
          "the document is empty; a policy is a mapping, for example 'default_decision: deny'");
    }
    Deque<Frame> stack = new ArrayDeque<>();
    Node root = null;
    while (root == null) {
      if (token == null) {
        throw error(parser.currentLocation(), "unexpected end of the document");
      }
      Node completed = null;
      switch (token) {
        case START_OBJECT:
        case START_ARRAY:
          stack.push(open(parser, token == JsonToken.START_OBJECT, stack.size() + 1));
          break;
        case FIELD_NAME:
          key(parser, stack.peek());
          break;
        case END_OBJECT:
        case END_ARRAY:
          completed = close(stack.pop());
          break;
        default:
          completed = scalar(parser, token);
          break;
      }
      if (completed != null) {
        if (stack.isEmpty()) {
          root = completed;
        } else {
          attach(stack.peek(), completed);
        }
      }
      if (root == null) {
        token = parser.nextToken();
      }
    }
    if (parser.nextToken() != null) {
      throw error(parser.currentTokenLocation(), format == DocumentFormat.YAML
          ? "the file holds more than one YAML document; a policy is exactly one document"
          : "unexpected content after the end of the JSON document");
    }
    return root;
  }

  private Frame open(JsonParser parser, boolean mapping, int depth) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    if (depth > limits.maxNestingDepth()) {
      throw limit(at, "maxNestingDepth", limits.maxNestingDepth(),
          "the document is nested deeper than " + limits.maxNestingDepth() + " levels");
    }
    checkTag(parser, at);
    String anchor = anchorOf(parser);
    if (anchor != null) {
      openAnchors.add(anchor);
    }
    return new Frame(mapping, line(at), column(at), anchor);
  }

  private void key(JsonParser parser, Frame frame) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    String key = parser.currentName();
    checkLength(key, at);
    if (format == DocumentFormat.YAML && "<<".equals(key)) {
      throw error(at, "YAML merge keys ('<<') are not supported in policies; write the entries out");
    }
    if (frame.entries.containsKey(key)) {
      throw error(at, "duplicate key " + Messages.quote(key)
          + ": a key may appear only once in a mapping");
    }
    String anchor = anchorOf(parser);
    if (anchor != null) {
      anchors.put(anchor, new ScalarNode(ScalarNode.Kind.STRING, key, key, line(at), column(at)));
    }
    frame.pendingKey = key;
    frame.keyLine = line(at);
    frame.keyColumn = column(at);
  }

  private Node close(Frame frame) {
    Node node = frame.mapping
        ? new MapNode(frame.entries, frame.line, frame.column, frame.weight)
        : new ListNode(frame.items, frame.line, frame.column, frame.weight);
    if (frame.anchor != null) {
      openAnchors.remove(frame.anchor);
      anchors.put(frame.anchor, node);
    }
    return node;
  }

  private void attach(Frame parent, Node child) {
    if (parent.mapping) {
      parent.entries.put(parent.pendingKey,
          new MapNode.Entry(parent.pendingKey, parent.keyLine, parent.keyColumn, child));
      parent.pendingKey = null;
    } else {
      if (parent.items.size() >= limits.maxListEntries()) {
        throw new PolicyLimitException(new SourceLocation(source, child.line(), child.column()),
            "maxListEntries", limits.maxListEntries(),
            "a list has more than " + limits.maxListEntries() + " entries");
      }
      parent.items.add(child);
    }
    parent.weight = saturatedAdd(parent.weight, child.weight());
  }

  private Node scalar(JsonParser parser, JsonToken token) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    if (parser instanceof BoundedYamlParser && ((BoundedYamlParser) parser).isCurrentAlias()) {
      return alias(parser.getText(), at);
    }
    checkTag(parser, at);
    ScalarNode node;
    if (token == JsonToken.VALUE_STRING && parser instanceof BoundedYamlParser
        && ((BoundedYamlParser) parser).isEmptyNullScalar()) {
      token = JsonToken.VALUE_NULL;
    }
    switch (token) {
      case VALUE_STRING: {
        String text = parser.getText();
        checkLength(text, at);
        node = new ScalarNode(ScalarNode.Kind.STRING, text, text, line(at), column(at));
        break;
      }
      case VALUE_NUMBER_INT: {
        String text = parser.getText();
        checkLength(text, at);
        node = new ScalarNode(ScalarNode.Kind.INTEGER, integerValue(parser), text,
            line(at), column(at));
        break;
      }
      case VALUE_NUMBER_FLOAT: {
        String text = parser.getText();
        checkLength(text, at);
        if (isYamlNanOrInfinity(text)) {
          throw error(at, "the number " + Messages.quote(text)
              + " is not finite; numbers must be finite (.nan and .inf are not allowed)");
        }
        double value = parser.getDoubleValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
          throw error(at, "the number " + Messages.quote(text)
              + " is out of range; numbers must be finite");
        }
        node = new ScalarNode(ScalarNode.Kind.FLOAT, value, text, line(at), column(at));
        break;
      }
      case VALUE_TRUE:
      case VALUE_FALSE:
        node = new ScalarNode(ScalarNode.Kind.BOOLEAN, token == JsonToken.VALUE_TRUE,
            parser.getText(), line(at), column(at));
        break;
      case VALUE_NULL:
        node = new ScalarNode(ScalarNode.Kind.NULL, null, "null", line(at), column(at));
        break;
      case VALUE_EMBEDDED_OBJECT:
        throw error(at, "binary values are not supported in policies");
      default:
        throw error(at, "unexpected " + token.name().toLowerCase(java.util.Locale.ROOT));
    }
    String anchor = anchorOf(parser);
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  /** YAML 1.1's {@code .nan} and {@code [-+].inf} in any of their spellings. */
  private static boolean isYamlNanOrInfinity(String text) {
    String t = text.toLowerCase(java.util.Locale.ROOT);
    return t.equals(".nan") || t.equals(".inf") || t.equals("+.inf") || t.equals("-.inf");
  }

  private static Object integerValue(JsonParser parser) throws IOException {
    Number number = parser.getNumberValue();
    if (number instanceof Integer || number instanceof Long) {
      return number;
    }
    BigInteger big = number instanceof BigInteger
        ? (BigInteger) number : new java.math.BigDecimal(number.toString()).toBigInteger();
    return big.bitLength() < 64 ? (Object) big.longValue() : big;
  }

  private Node alias(String name, JsonLocation at) {
    aliasCount++;
    if (aliasCount > limits.maxAliases()) {
      throw limit(at, "maxAliases", limits.maxAliases(),
          "the document uses more than " + limits.maxAliases() + " YAML aliases");
    }
    if (openAnchors.contains(name)) {
      throw error(at, "the alias *" + Messages.oneLine(name)
          + " refers to a node that contains it; recursive structures are not allowed");
    }
    Node target = anchors.get(name);
    if (target == null) {
      throw error(at, "the alias *" + Messages.oneLine(name) + " refers to an undefined anchor");
    }
    if (target.weight() > MAX_ALIAS_EXPANSION) {
      throw limit(at, "maxAliasExpansion", MAX_ALIAS_EXPANSION,
          "the alias *" + Messages.oneLine(name) + " expands to more than "
              + MAX_ALIAS_EXPANSION + " nodes (alias bombs are rejected)");
    }
    return target;
  }

  private String anchorOf(JsonParser parser) {
    return parser instanceof BoundedYamlParser ? ((BoundedYamlParser) parser).nodeAnchor() : null;
  }

  private void checkTag(JsonParser parser, JsonLocation at) {
    if (!(parser instanceof BoundedYamlParser)) {
      return;
    }
    String tag = ((BoundedYamlParser) parser).nodeTag();
    if (tag == null || "!".equals(tag)) {
      return;
    }
    if (tag.startsWith(CORE_TAG_PREFIX) && CORE_TAGS.contains(tag.substring(CORE_TAG_PREFIX.length()))) {
      return;
    }
    String shown = tag.startsWith(CORE_TAG_PREFIX) ? "!!" + tag.substring(CORE_TAG_PREFIX.length()) : tag;
    throw error(at, "the YAML tag " + Messages.quote(shown) + " is not supported in policies");
  }

  private void checkLength(String text, JsonLocation at) {
    if (text != null && text.length() > limits.maxStringLength()) {
      throw limit(at, "maxStringLength", limits.maxStringLength(),
          "a string has " + text.length() + " characters");
    }
  }

  private PolicyParseException error(JsonLocation at, String message) {
    return new PolicyParseException(location(at), "", message);
  }

  private PolicyLimitException limit(JsonLocation at, String name, long maximum, String message) {
    return new PolicyLimitException(location(at), name, maximum, message);
  }

  private SourceLocation location(JsonLocation at) {
    return new SourceLocation(source, line(at), column(at));
  }

  private static int line(JsonLocation at) {
    return at == null ? 1 : Math.max(1, at.getLineNr());
  }

  private static int column(JsonLocation at) {
    return at == null ? 1 : Math.max(1, at.getColumnNr());
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** A mapping or list being read. */
  private static final class Frame {
    final boolean mapping;
    final int line;
    final int column;
    final String anchor;
    final Map<String, MapNode.Entry> entries;
    final List<Node> items;
    long weight = 1;
    String pendingKey;
    int keyLine;
    int keyColumn;

    Frame(boolean mapping, int line, int column, String anchor) {
      this.mapping = mapping;
      this.line = line;
      this.column = column;
      this.anchor = anchor;
      this.entries = mapping ? new LinkedHashMap<>() : Map.of();
      this.items = mapping ? List.of() : new ArrayList<>();
    }
  }
}
