package io.ape.audit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.ape.api.ApeException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses one audit line strictly: the fields must appear exactly in {@link RecordFormat#FIELDS}
 * order with the right types, and re-writing what was read in the canonical form must give back
 * the very same bytes (so there is no whitespace, no alternative escaping, no duplicate key, no
 * extra field: the bytes that were hashed are the only possible reading of the record).
 *
 * <p>Not thread-safe; use one per thread. Internal to ape-audit.
 */
public final class RecordParser {
  // Jackson's default limits (number length, string and name length) are lower than what the
  // sink may legitimately write; the line length limit bounds every token instead, so the
  // reader accepts everything the writer writes.
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNumberLength(Integer.MAX_VALUE)
          .maxStringLength(Integer.MAX_VALUE)
          .maxNameLength(Integer.MAX_VALUE)
          .build())
      .build();

  private final JsonBuffer canonical = new JsonBuffer(512);
  private final IsoInstantFormatter time = new IsoInstantFormatter();

  /**
   * Parses {@code line[off, off+len)} (without the terminating newline).
   *
   * @throws MalformedRecordException if the bytes are not a canonical record
   */
  public ParsedRecord parse(byte[] line, int off, int len) throws MalformedRecordException {
    canonical.reset();
    try (JsonParser p = FACTORY.createParser(line, off, len)) {
      ParsedRecord r = parseRecord(p);
      if (p.nextToken() != null) {
        throw new MalformedRecordException("trailing content after the record");
      }
      if (!canonical.contentEquals(line, off, len)) {
        throw new MalformedRecordException(
            "not in canonical form (whitespace, escaping or number format was changed)");
      }
      return r;
    } catch (JsonProcessingException e) {
      throw new MalformedRecordException("invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedRecordException("unreadable: " + e.getMessage());
    } catch (ApeException | IllegalArgumentException e) {
      throw new MalformedRecordException("invalid value: " + e.getMessage());
    }
  }

  private ParsedRecord parseRecord(JsonParser p) throws IOException, MalformedRecordException {
    expect(p, JsonToken.START_OBJECT, "a JSON object");
    canonical.raw('{');
    long v = longField(p, RecordFormat.V, true);
    if (v != RecordFormat.VERSION) {
      throw new MalformedRecordException("unsupported format version " + v);
    }
    long sequence = longField(p, RecordFormat.SEQUENCE, false);
    if (sequence < 0) {
      throw new MalformedRecordException("negative sequence");
    }
    String ts = stringField(p, RecordFormat.TIMESTAMP, false, false);
    Instant timestamp;
    try {
      timestamp = Instant.parse(ts);
    } catch (DateTimeParseException e) {
      throw new MalformedRecordException("bad timestamp '" + ts + "'");
    }
    time.writeString(canonical, timestamp);
    AuditEventType type = parseEnum(AuditEventType.class,
        stringField(p, RecordFormat.TYPE, false, true), RecordFormat.TYPE);
    String tenant = stringField(p, RecordFormat.TENANT, false, true);
    String session = stringField(p, RecordFormat.SESSION, false, true);
    String intent = stringField(p, RecordFormat.INTENT, false, true);
    String plan = stringField(p, RecordFormat.PLAN, false, true);
    long step = longField(p, RecordFormat.STEP, false);
    if (step < Integer.MIN_VALUE || step > Integer.MAX_VALUE) {
      throw new MalformedRecordException("stepIndex out of range");
    }
    String action = stringField(p, RecordFormat.ACTION, false, true);
    String tool = stringField(p, RecordFormat.TOOL, false, true);
    String decisionText = stringField(p, RecordFormat.DECISION, true, true);
    Outcome decision = decisionText == null ? null
        : parseEnum(Outcome.class, decisionText, RecordFormat.DECISION);
    String reason = stringField(p, RecordFormat.REASON, false, true);
    String rule = stringField(p, RecordFormat.RULE, false, true);
    String policy = stringField(p, RecordFormat.POLICY, false, true);
    fieldName(p, RecordFormat.PARAMETERS, false);
    expect(p, JsonToken.START_OBJECT, "an object for parameters");
    Map<String, Object> parameters = readObject(p, 1);
    String token = stringField(p, RecordFormat.TOKEN, false, true);
    fieldName(p, RecordFormat.DETAILS, false);
    expect(p, JsonToken.START_OBJECT, "an object for details");
    canonical.raw('{');
    Map<String, String> details = new TreeMap<>();
    String lastKey = null;
    boolean first = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      if (lastKey != null && lastKey.compareTo(k) >= 0) {
        throw new MalformedRecordException("details keys are not in sorted order");
      }
      lastKey = k;
      expect(p, JsonToken.VALUE_STRING, "a string value for details." + k);
      String val = p.getText();
      if (!first) {
        canonical.raw(',');
      }
      first = false;
      canonical.string(k).raw(':').string(val);
      details.put(k, val);
    }
    checkCurrent(p, JsonToken.END_OBJECT, "end of details");
    canonical.raw('}');
    long recordNo = longField(p, RecordFormat.RECORD_NO, false);
    if (recordNo < 1) {
      throw new MalformedRecordException("recordNo must be at least 1");
    }
    String prev = stringField(p, RecordFormat.PREV, false, true);
    checkHex(prev, RecordFormat.PREV);
    JsonToken t = p.nextToken();
    String mac = "";
    int macOffset = -1;
    if (t == JsonToken.FIELD_NAME) {
      if (!RecordFormat.MAC.equals(p.currentName())) {
        throw new MalformedRecordException("unexpected field '" + p.currentName() + "'");
      }
      macOffset = canonical.size();
      canonical.raw(',').string(RecordFormat.MAC).raw(':');
      expect(p, JsonToken.VALUE_STRING, "a string for mac");
      mac = p.getText();
      checkHex(mac, RecordFormat.MAC);
      canonical.string(mac);
      t = p.nextToken();
    }
    if (t != JsonToken.END_OBJECT) {
      throw new MalformedRecordException("expected end of record, found " + t);
    }
    canonical.raw('}');
    AuditEvent event = new AuditEvent(sequence, timestamp, type, tenant, session, intent, plan,
        (int) step, action, tool, decision, reason, rule, policy, parameters, token, details);
    return new ParsedRecord(event, recordNo, prev, mac, macOffset);
  }

  private void fieldName(JsonParser p, String name, boolean first)
      throws IOException, MalformedRecordException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.FIELD_NAME) {
      throw new MalformedRecordException("expected field '" + name + "', found " + t);
    }
    if (!name.equals(p.currentName())) {
      throw new MalformedRecordException(
          "expected field '" + name + "', found '" + p.currentName() + "'");
    }
    if (!first) {
      canonical.raw(',');
    }
    canonical.string(name).raw(':');
  }

  private long longField(JsonParser p, String name, boolean first)
      throws IOException, MalformedRecordException {
    fieldName(p, name, first);
    JsonToken t = p.nextToken();
    if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new MalformedRecordException("field '" + name + "' must be an integer");
    }
    long v = p.getLongValue();
    canonical.number(v);
    return v;
  }

  private String stringField(JsonParser p, String name, boolean nullable, boolean emit)
      throws IOException, MalformedRecordException {
    fieldName(p, name, false);
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL && nullable) {
      if (emit) {
        canonical.raw("null");
      }
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new MalformedRecordException("field '" + name + "' must be a string");
    }
    String s = p.getText();
    if (emit) {
      canonical.string(s);
    }
    return s;
  }

  private Map<String, Object> readObject(JsonParser p, int depth)
      throws IOException, MalformedRecordException {
    checkDepth(depth);
    canonical.raw('{');
    Map<String, Object> m = new LinkedHashMap<>();
    boolean first = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      if (!first) {
        canonical.raw(',');
      }
      first = false;
      canonical.string(k).raw(':');
      m.put(k, readValue(p, p.nextToken(), depth));
    }
    checkCurrent(p, JsonToken.END_OBJECT, "end of object");
    canonical.raw('}');
    return m;
  }

  private Object readValue(JsonParser p, JsonToken t, int depth)
      throws IOException, MalformedRecordException {
    if (t == null) {
      throw new MalformedRecordException("unexpected end of record");
    }
    switch (t) {
      case VALUE_NULL:
        canonical.raw("null");
        return null;
      case VALUE_TRUE:
        canonical.raw("true");
        return Boolean.TRUE;
      case VALUE_FALSE:
        canonical.raw("false");
        return Boolean.FALSE;
      case VALUE_STRING: {
        String s = p.getText();
        canonical.string(s);
        return s;
      }
      case VALUE_NUMBER_INT:
        canonical.raw(p.getText());
        return p.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        canonical.raw(p.getText());
        return p.getDoubleValue();
      case START_OBJECT:
        return readObject(p, depth + 1);
      case START_ARRAY: {
        checkDepth(depth + 1);
        canonical.raw('[');
        List<Object> l = new ArrayList<>();
        JsonToken x = p.nextToken();
        boolean first = true;
        while (x != JsonToken.END_ARRAY) {
          if (!first) {
            canonical.raw(',');
          }
          first = false;
          l.add(readValue(p, x, depth + 1));
          x = p.nextToken();
        }
        canonical.raw(']');
        return l;
      }
      default:
        throw new MalformedRecordException("unexpected " + t);
    }
  }

  private static void checkDepth(int depth) throws MalformedRecordException {
    if (depth > io.ape.api.ParameterValues.MAX_DEPTH) {
      throw new MalformedRecordException("parameters nested too deeply");
    }
  }

  private static void expect(JsonParser p, JsonToken expected, String what)
      throws IOException, MalformedRecordException {
    JsonToken t = p.nextToken();
    if (t != expected) {
      throw new MalformedRecordException("expected " + what + ", found " + t);
    }
  }

  private static void checkCurrent(JsonParser p, JsonToken expected, String what)
      throws MalformedRecordException {
    if (p.currentToken() != expected) {
      throw new MalformedRecordException("expected " + what + ", found " + p.currentToken());
    }
  }

  private static void checkHex(String s, String field) throws MalformedRecordException {
    if (s.length() != RecordFormat.HEX_LENGTH) {
      throw new MalformedRecordException("field '" + field + "' must be 64 hex digits");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new MalformedRecordException("field '" + field + "' must be lower-case hex");
      }
    }
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String field)
      throws MalformedRecordException {
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException("unknown " + field + " '" + text + "'");
    }
  }
}
