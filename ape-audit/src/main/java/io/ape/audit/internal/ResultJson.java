package io.ape.audit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ape.audit.RecordLocation;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Writes the JSON form of result types with Jackson's streaming generator. Internal. */
public final class ResultJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** Writes JSON with a generator. */
  @FunctionalInterface
  public interface Body {
    /** Writes the content. */
    void write(JsonGenerator g) throws IOException;
  }

  private ResultJson() {}

  /** Runs {@code body} against a fresh generator and returns the text. */
  public static String write(Body body) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return w.toString();
  }

  /** Writes a {@link RecordLocation} as an object field. */
  public static void location(JsonGenerator g, String field, RecordLocation l)
      throws IOException {
    g.writeObjectFieldStart(field);
    g.writeStringField("file", l.file().toString());
    g.writeNumberField("line", l.line());
    g.writeNumberField("offset", l.offset());
    g.writeNumberField("recordNo", l.recordNo());
    g.writeNumberField("sequence", l.sequence());
    g.writeEndObject();
  }

  /** Writes an arbitrary parameter value (as parsed from a record). */
  public static void value(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String) {
      g.writeString((String) v);
    } else if (v instanceof Boolean) {
      g.writeBoolean((Boolean) v);
    } else if (v instanceof java.util.Map<?, ?>) {
      g.writeStartObject();
      for (java.util.Map.Entry<?, ?> e : ((java.util.Map<?, ?>) v).entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof java.util.List<?>) {
      g.writeStartArray();
      for (Object x : (java.util.List<?>) v) {
        value(g, x);
      }
      g.writeEndArray();
    } else if (v instanceof Number) {
      JsonBuffer b = new JsonBuffer(32);
      RecordSerializer.writeValue(b, v);
      g.writeRawValue(new String(b.toByteArray(), java.nio.charset.StandardCharsets.US_ASCII));
    } else {
      g.writeString(v.toString());
    }
  }
}
