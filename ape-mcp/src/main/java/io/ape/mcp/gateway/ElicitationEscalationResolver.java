package io.ape.mcp.gateway;

import io.ape.api.EscalationRequest;
import io.ape.api.EscalationResolution;
import io.ape.api.Provenance;
import io.ape.core.canonical.CanonicalJson;
import io.ape.spi.EscalationResolver;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Asks the human through MCP elicitation ({@code elicitation/create}, form mode) whether one
 * escalated call may run, when the client declared the {@code elicitation} capability.
 *
 * <p>The question names the action and shows exactly the arguments the approval is bound to
 * (their canonical JSON, control and bidi characters escaped, with their SHA-256); the answer is
 * an approval of that request only (its parameter hash), through a {@code USER_TRUSTED} channel
 * (the client shows elicitations to its user, not to the model). Anything but an explicit
 * {@code accept} with {@code approve: true} within the time limit is a denial: decline, cancel,
 * no answer, an error, a malformed answer.
 *
 * @since 0.2.0
 */
public final class ElicitationEscalationResolver implements EscalationResolver {
  private static final Logger LOG = LoggerFactory.getLogger(ElicitationEscalationResolver.class);
  /** Arguments longer than this (canonical JSON) are shown cut, and the message says so. */
  static final int MAX_SHOWN_CHARS = 4_000;
  static final String APPROVER = "mcp-elicitation";

  private final Function<McpSchema.ElicitRequest, Mono<McpSchema.ElicitResult>> elicit;
  private final Duration timeout;
  private final String client;

  /**
   * A resolver that sends its questions through {@code elicit} (for a session:
   * {@code exchange::createElicitation}).
   *
   * @param timeout how long to wait for the human; then the escalation is denied
   * @param client the client's name, for the audit record of who approved
   */
  public ElicitationEscalationResolver(Function<McpSchema.ElicitRequest, Mono<McpSchema.ElicitResult>> elicit,
      Duration timeout, String client) {
    this.elicit = Objects.requireNonNull(elicit, "elicit");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client = client == null ? "client" : io.ape.api.ActionIds.printable(client);
  }

  @Override
  public EscalationResolution resolve(EscalationRequest request) {
    McpSchema.ElicitResult answer;
    try {
      answer = elicit.apply(question(request)).block(timeout);
    } catch (RuntimeException e) {
      LOG.debug("elicitation for {} failed: {}", request.actionId(), e.toString());
      return EscalationResolution.deny(request, approver(), "no answer through MCP elicitation ("
          + (isTimeout(e) ? "timed out after " + timeout : e.getClass().getSimpleName()) + ")");
    }
    if (answer == null) {
      return EscalationResolution.deny(request, approver(), "no answer through MCP elicitation");
    }
    if (answer.action() != McpSchema.ElicitResult.Action.ACCEPT) {
      return EscalationResolution.deny(request, approver(), "the user answered "
          + String.valueOf(answer.action()).toLowerCase(java.util.Locale.ROOT));
    }
    Map<String, Object> content = answer.content();
    if (content == null || !Boolean.TRUE.equals(content.get("approve"))) {
      return EscalationResolution.deny(request, approver(), "the user did not approve");
    }
    return EscalationResolution.approve(request, approver(), Provenance.USER_TRUSTED);
  }

  private String approver() {
    return APPROVER + ":" + client;
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
      if (c.getMessage() != null && c.getMessage().startsWith("Timeout on blocking read")) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** The form shown to the human. */
  static McpSchema.ElicitFormRequest question(EscalationRequest request) {
    String json;
    try {
      json = CanonicalJson.write(request.parameters());
    } catch (RuntimeException e) {
      json = "(the arguments cannot be shown)";
    }
    String escaped = printable(json, Integer.MAX_VALUE);
    String shown = escaped.length() > MAX_SHOWN_CHARS ? escaped.substring(0, MAX_SHOWN_CHARS) : escaped;
    StringBuilder m = new StringBuilder();
    m.append("APE: the agent wants to run a tool call that needs your approval.\n")
        .append("Action: ").append(io.ape.api.ActionIds.printable(request.actionId())).append('\n')
        .append("Arguments (exactly these; SHA-256 ").append(request.parametersHash()).append("):\n")
        .append(shown).append('\n');
    if (shown.length() < escaped.length()) {
      m.append("(The arguments are longer than shown: ").append(escaped.length() - MAX_SHOWN_CHARS)
          .append(" more characters. Decline unless you know what the rest is.)\n");
    }
    m.append("Approve only if you expect this exact call. It runs once; any other call asks again.");
    Map<String, Object> schema = Map.of("type", "object",
        "properties", Map.of("approve", Map.of("type", "boolean", "title", "Run this exact call",
            "description", "Approve the call shown above, once")),
        "required", java.util.List.of("approve"));
    return McpSchema.ElicitFormRequest.builder(m.toString(), schema).build();
  }

  /** Printable ASCII kept; everything else escaped as {@code \\uXXXX}; cut to {@code max}. */
  static String printable(String s, int max) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 16);
    for (int i = 0; i < s.length() && sb.length() < max; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7F) {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "ElicitationEscalationResolver[" + client + ", timeout " + timeout + "]";
  }
}
