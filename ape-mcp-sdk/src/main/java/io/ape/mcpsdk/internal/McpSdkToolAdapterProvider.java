package io.ape.mcpsdk.internal;

import io.ape.api.ApeConfigurationException;
import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code mcp-sdk} tool adapter provider ({@link McpSdkToolAdapter}): with
 * {@code io.ape:ape-mcp-sdk} on the class path, {@code engine.adaptTool(spec)} takes an MCP Java
 * SDK {@code SyncToolSpecification} or {@code AsyncToolSpecification}. Setting
 * {@code ape.tool.mcp-sdk.async-timeout} (ISO-8601 such as {@code PT30S}, or {@code 30s},
 * {@code 500ms}, {@code 5m}; default 5 minutes) bounds how long an adapted asynchronous handler
 * may run. Priority 10, above the generic {@code function} adapter.
 *
 * @since 0.2.0
 */
public final class McpSdkToolAdapterProvider implements ToolAdapterProvider {
  /** The provider id. */
  public static final String ID = "mcp-sdk";
  /** How long an adapted asynchronous handler may run. */
  public static final String ASYNC_TIMEOUT = "ape.tool.mcp-sdk.async-timeout";
  static final Duration DEFAULT_ASYNC_TIMEOUT = Duration.ofMinutes(5);

  /** For {@link java.util.ServiceLoader}. */
  public McpSdkToolAdapterProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public ToolAdapter create(ProviderContext context) {
    Optional<String> timeout = context.property(ASYNC_TIMEOUT);
    return new McpSdkToolAdapter(timeout.isPresent() ? duration(timeout.get())
        : DEFAULT_ASYNC_TIMEOUT);
  }

  static Duration duration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (v.startsWith("p")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } else if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      } else if (v.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      } else if (v.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      } else {
        throw new NumberFormatException("no unit");
      }
      if (d.isNegative() || d.isZero()) {
        throw new NumberFormatException("not positive");
      }
      return d;
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new ApeConfigurationException(ASYNC_TIMEOUT + " must be a positive duration such as "
          + "30s, 500ms, 5m or PT30S, but was \"" + value.replaceAll("\\p{Cntrl}", "?")
          + "\"", e);
    }
  }
}
