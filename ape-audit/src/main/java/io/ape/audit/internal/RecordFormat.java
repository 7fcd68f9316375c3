package io.ape.audit.internal;

import java.util.List;

/**
 * The field names and constants of the JSON-lines audit record format (version 1). The
 * fields always appear in {@link #FIELDS} order; see the ape-audit README for the meaning of
 * each field. Internal to ape-audit.
 */
public final class RecordFormat {
  /** The format version written in field {@code v}. */
  public static final int VERSION = 1;

  /** The {@code prev} value of the first record of a chain: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  public static final String V = "v";
  public static final String SEQUENCE = "sequence";
  public static final String TIMESTAMP = "timestamp";
  public static final String TYPE = "type";
  public static final String TENANT = "tenantId";
  public static final String SESSION = "sessionId";
  public static final String INTENT = "intentVersion";
  public static final String PLAN = "planHash";
  public static final String STEP = "stepIndex";
  public static final String ACTION = "actionId";
  public static final String TOOL = "toolId";
  public static final String DECISION = "decision";
  public static final String REASON = "reason";
  public static final String RULE = "ruleId";
  public static final String POLICY = "policyVersion";
  public static final String PARAMETERS = "parameters";
  public static final String TOKEN = "tokenRef";
  public static final String DETAILS = "details";
  public static final String RECORD_NO = "recordNo";
  public static final String PREV = "prev";
  public static final String MAC = "mac";

  /** Every field, in the order it is written ({@code mac} only when a key is configured). */
  public static final List<String> FIELDS = List.of(V, SEQUENCE, TIMESTAMP, TYPE, TENANT,
      SESSION, INTENT, PLAN, STEP, ACTION, TOOL, DECISION, REASON, RULE, POLICY, PARAMETERS,
      TOKEN, DETAILS, RECORD_NO, PREV, MAC);

  /** The bytes that introduce the MAC field at the end of a record. */
  public static final byte[] MAC_MARKER =
      (",\"" + MAC + "\":\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Length of a hex-encoded SHA-256 / HMAC-SHA256 value. */
  public static final int HEX_LENGTH = 64;

  private RecordFormat() {}
}
