package io.ape.mcp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One server entry of an MCP client configuration.
 *
 * <p>Secrets: {@link #env()} and {@link #headers()} show names only; {@link #toString()} and the
 * JSON form show {@link #displayArgs()} and {@link #displayUrl()}, in which likely secrets are
 * masked. The raw {@link #args()} and {@link #url()} are kept because the scanner needs them to
 * start or reach the server; print the display forms.
 *
 * @param name the server's name as written in the configuration
 * @param scope {@code ""} for a top-level server, else the scope it was found in (for Claude
 *     Code, the project key of {@code projects.<path>.mcpServers})
 * @param transport how the server is reached
 * @param command the executable of a stdio server ({@code ""} otherwise)
 * @param args its arguments
 * @param env its environment (values hidden)
 * @param cwd its working directory as written ({@code ""} when absent)
 * @param url the endpoint of an SSE or streamable-HTTP server ({@code ""} otherwise)
 * @param headers HTTP headers (values hidden)
 * @param disabled {@code true} if the configuration marks the server disabled
 * @param declaredTools tool names listed in the entry's non-standard {@code tools} array
 * @param inputRefs VS Code {@code ${input:ID}} references the entry depends on
 * @param problem why the entry cannot be used ({@code ""} when it can)
 */
public record McpServerConfig(
    String name,
    String scope,
    TransportKind transport,
    @JsonIgnore String command,
    @JsonIgnore List<String> args,
    SecretValues env,
    @JsonIgnore String cwd,
    @JsonIgnore String url,
    SecretValues headers,
    boolean disabled,
    List<String> declaredTools,
    List<String> inputRefs,
    String problem) {

  public McpServerConfig {
    Objects.requireNonNull(name, "name");
    scope = scope == null ? "" : scope;
    Objects.requireNonNull(transport, "transport");
    command = command == null ? "" : command;
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? SecretValues.empty() : env;
    cwd = cwd == null ? "" : cwd;
    url = url == null ? "" : url;
    headers = headers == null ? SecretValues.empty() : headers;
    declaredTools = declaredTools == null ? List.of() : List.copyOf(declaredTools);
    inputRefs = inputRefs == null ? List.of() : List.copyOf(inputRefs);
    problem = problem == null ? "" : problem;
  }

  /** {@code true} if the entry can be scanned (it has no problem and is not disabled). */
  @JsonIgnore
  public boolean usable() {
    return problem.isEmpty() && !disabled;
  }

  /** The arguments with likely secrets masked. */
  @JsonProperty("args")
  public List<String> displayArgs() {
    return Redactor.redactArgs(maskKnownSecrets(args));
  }

  /** The URL with user-info, credential-like query parameters and env/header values masked. */
  @JsonProperty("url")
  public String displayUrl() {
    return maskKnownSecrets(List.of(Redactor.redactUrl(url))).get(0);
  }

  /** The command with any env or header value in it masked (the JSON form of the command). */
  @JsonProperty("command")
  public String displayCommand() {
    return maskKnownSecrets(List.of(command)).get(0);
  }

  /** The working directory with any env or header value in it masked (its JSON form). */
  @JsonProperty("cwd")
  public String displayCwd() {
    return maskKnownSecrets(List.of(cwd)).get(0);
  }

  /** A one-line description of how the server is started or reached, secrets masked. */
  @JsonIgnore
  public String displayTarget() {
    if (transport == TransportKind.STDIO) {
      StringBuilder sb = new StringBuilder(displayCommand());
      for (String a : displayArgs()) {
        sb.append(' ').append(a);
      }
      return sb.toString();
    }
    return displayUrl();
  }

  /** Every secret text known for this entry (env and header values), for scrubbing output. */
  List<String> secretTexts() {
    List<String> out = new java.util.ArrayList<>(env.secretTexts());
    out.addAll(headers.secretTexts());
    return out;
  }

  private List<String> maskKnownSecrets(List<String> in) {
    List<String> secrets = secretTexts();
    if (secrets.isEmpty()) {
      return in;
    }
    List<String> out = new java.util.ArrayList<>(in.size());
    for (String a : in) {
      String v = a;
      for (String s : secrets) {
        if (s.length() >= TextSafety.MIN_SECRET_CHARS && v.contains(s)) {
          v = v.replace(s, SecretValues.MASK);
        }
      }
      out.add(v);
    }
    return out;
  }

  @Override
  public String toString() {
    return "McpServerConfig[name=" + name + (scope.isEmpty() ? "" : ", scope=" + scope)
        + ", transport=" + transport + ", target=" + displayTarget()
        + ", env=" + env + ", headers=" + headers
        + (disabled ? ", disabled" : "") + (problem.isEmpty() ? "" : ", problem=" + problem) + "]";
  }
}
