package io.ape.mcp;

import io.ape.core.canonical.Sha256;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.util.Map;
import java.util.UUID;

/**
 * The MCP SDK's JSON Schema validator, with compiled schemas cached by the SHA-256 of their
 * canonical JSON.
 *
 * <p>The SDK's {@code DefaultJsonSchemaValidator} (2.1.0) caches a compiled schema under its
 * {@code $id}, else under {@code Map.hashCode()}: two different schemas with one hash code (easy
 * to make: {@code "Aa"} and {@code "BB"} hash alike) or one {@code $id} share a compiled schema,
 * so one server's tool output could be checked against another tool's schema. This one keys the
 * cache by content only; a schema that has no canonical form is compiled afresh each time.
 *
 * @since 0.2.0
 */
public final class ExactJsonSchemaValidator extends DefaultJsonSchemaValidator {
  @Override
  protected String generateCacheKey(Map<String, Object> schema) {
    try {
      return "sha256:" + Sha256.ofCanonical(schema);
    } catch (RuntimeException e) {
      return "uncached:" + UUID.randomUUID();
    }
  }
}
