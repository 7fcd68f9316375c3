package io.ape.audit.internal;

import io.ape.api.AuditEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link AuditEvent} in the canonical audit record form: fixed field order, no
 * whitespace, the {@link JsonBuffer} escaping, numbers as {@code Long.toString} /
 * {@code Double.toString} / {@code BigDecimal.toString}, non-finite floating-point values as
 * the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 *
 * <p>{@link #writeBody} writes everything up to and including {@code details}, without the
 * closing brace; the chain writer appends {@code recordNo}, {@code prev} and {@code mac}.
 *
 * <p>Not thread-safe (it caches the formatted second); use one per thread.
 */
public final class RecordSerializer {
  /** How parameters are written. */
  public enum ParameterMode {
    /** The full (already redacted) parameter values. */
    VALUES,
    /** Only the parameter names, as {@code "parameterKeys":[...]}. */
    KEYS,
    /** No parameters at all. */
    NONE
  }

  private final IsoInstantFormatter time = new IsoInstantFormatter();

  /** Writes the record body: {@code {"v":1, ... ,"details":{...}} without the closing brace. */
  public void writeBody(JsonBuffer out, AuditEvent e) {
    writeBody(out, e, ParameterMode.VALUES);
  }

  /** Writes the record body with the given parameter mode. */
  public void writeBody(JsonBuffer out, AuditEvent e, ParameterMode mode) {
    out.raw("{\"v\":").number(RecordFormat.VERSION);
    out.raw(",\"sequence\":").number(e.sequence());
    out.raw(",\"timestamp\":");
    time.writeString(out, e.timestamp());
    out.raw(",\"type\":").string(e.type().name());
    out.raw(",\"tenantId\":").string(e.tenantId());
    out.raw(",\"sessionId\":").string(e.sessionId());
    out.raw(",\"intentVersion\":").string(e.intentVersion());
    out.raw(",\"planHash\":").string(e.planHash());
    out.raw(",\"stepIndex\":").number(e.stepIndex());
    out.raw(",\"actionId\":").string(e.actionId());
    out.raw(",\"toolId\":").string(e.toolId());
    out.raw(",\"decision\":");
    if (e.decision() == null) {
      out.raw("null");
    } else {
      out.string(e.decision().name());
    }
    out.raw(",\"reason\":").string(e.reason());
    out.raw(",\"ruleId\":").string(e.ruleId());
    out.raw(",\"policyVersion\":").string(e.policyVersion());
    switch (mode) {
      case VALUES:
        out.raw(",\"parameters\":");
        writeObject(out, e.parameters());
        break;
      case KEYS:
        out.raw(",\"parameterKeys\":[");
        boolean first = true;
        for (String k : e.parameters().keySet()) {
          if (!first) {
            out.raw(',');
          }
          first = false;
          out.string(k);
        }
        out.raw(']');
        break;
      default:
        break;
    }
    out.raw(",\"tokenRef\":").string(e.tokenRef());
    out.raw(",\"details\":{");
    boolean first = true;
    for (Map.Entry<String, String> d : e.details().entrySet()) {
      if (!first) {
        out.raw(',');
      }
      first = false;
      out.string(checkedName(d.getKey())).raw(':').string(d.getValue());
    }
    out.raw('}');
  }

  /** Writes one parameter value. */
  public static void writeValue(JsonBuffer out, Object v) {
    if (v == null) {
      out.raw("null");
    } else if (v instanceof String) {
      out.string((String) v);
    } else if (v instanceof Boolean) {
      out.raw(((Boolean) v) ? "true" : "false");
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof Byte) {
      out.number(((Number) v).longValue());
    } else if (v instanceof Double) {
      writeDouble(out, (Double) v);
    } else if (v instanceof Float) {
      // Through its shortest decimal form, so that reading it back as a double and writing
      // it again gives the same text.
      writeDouble(out, Double.parseDouble(Float.toString((Float) v)));
    } else if (v instanceof BigInteger || v instanceof BigDecimal) {
      out.raw(v.toString());
    } else if (v instanceof Map<?, ?>) {
      writeObject(out, (Map<?, ?>) v);
    } else if (v instanceof List<?>) {
      out.raw('[');
      boolean first = true;
      for (Object x : (List<?>) v) {
        if (!first) {
          out.raw(',');
        }
        first = false;
        writeValue(out, x);
      }
      out.raw(']');
    } else {
      // AuditEvent copies parameters through ParameterValues, which admits nothing else.
      throw new IllegalArgumentException("unsupported parameter value type "
          + v.getClass().getName());
    }
  }

  /**
   * A name (object key) must be valid UTF-16: an unpaired surrogate can be escaped in a JSON
   * value but not read back in a name, so a record with such a name is refused rather than
   * written in a form the verifier would reject.
   */
  private static String checkedName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("the name '" + name.replace(c, '?')
            + "' contains an unpaired surrogate (invalid Unicode) at index " + i);
      }
    }
    return name;
  }

  private static void writeDouble(JsonBuffer out, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      out.string(Double.toString(d));
    } else {
      out.raw(Double.toString(d));
    }
  }

  private static void writeObject(JsonBuffer out, Map<?, ?> m) {
    out.raw('{');
    boolean first = true;
    for (Map.Entry<?, ?> x : m.entrySet()) {
      if (!first) {
        out.raw(',');
      }
      first = false;
      out.string(checkedName(String.valueOf(x.getKey()))).raw(':');
      writeValue(out, x.getValue());
    }
    out.raw('}');
  }
}
