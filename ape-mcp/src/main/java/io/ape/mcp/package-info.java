/**
 * The MCP scanner: reads the MCP configuration of Claude Desktop, Claude Code, Cursor, VS Code,
 * Windsurf or Gemini CLI, lists each server's tools, and generates a default-deny APE policy with
 * a risk report.
 *
 * <h2>Use (what {@code ape mcp-info} and {@code ape mcp-scan} do)</h2>
 * <pre>{@code
 * McpConfig config = new McpConfigReader().read(path);          // McpConfigNotFoundException -> exit 4
 *                                                                // McpConfigParseException    -> exit 3
 * String info = McpReports.configText(config);                  // or toJson(configSummary(config))
 * ScanResult scan = McpScanner.builder()
 *     .connect(connect)                                          // --connect
 *     .timeout(Duration.ofSeconds(30))                           // per server
 *     .build()
 *     .scan(config);                                             // never throws for a server's failure
 * GeneratedPolicy policy = new McpPolicyGenerator(name).generate(scan);   // --name
 * policy.yaml();                                                 // -o FILE, or stdout
 * McpReports.riskText(policy.report());                          // or toJson(policy.report()) for --json
 * PolicyPlaceholders.containsPlaceholders(text);                 // for ape validate --strict
 * }</pre>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>Formats.</b> The server map is found at {@code mcpServers} (Claude Desktop, Cursor,
 *       Windsurf, Gemini CLI, Claude Code's {@code .mcp.json}), {@code projects.<path>.mcpServers}
 *       (Claude Code's {@code ~/.claude.json}), {@code servers} (VS Code {@code mcp.json}) or
 *       {@code mcp.servers} (VS Code {@code settings.json}); the client is told apart by those
 *       keys, then by the file's location ({@code .cursor/}, {@code .gemini/}, {@code windsurf},
 *       {@code claude_desktop_config}) and by dialect fields ({@code httpUrl} is Gemini's,
 *       {@code serverUrl} Windsurf's). Comments and trailing commas are accepted (VS Code writes
 *       them); duplicate keys are an error. A {@code url} is SSE when the entry says
 *       {@code type: sse}, when the client is Gemini CLI (whose {@code url} means SSE), or when
 *       its path ends in {@code /sse}; otherwise streamable HTTP.</li>
 *   <li><b>Secrets.</b> {@code env} and {@code headers} values live in {@link io.ape.mcp.SecretValues},
 *       whose only public views are names and {@code ***}; arguments and URLs are shown through
 *       {@link io.ape.mcp.Redactor}; failure messages are scrubbed of every secret value and of
 *       token-shaped words, even when a server prints them on stderr. The policy contains only the
 *       configuration's file name, server names, tool names and parameter names.</li>
 *   <li><b>Without --connect</b> tools come from the entry's non-standard {@code tools} list (names
 *       only, all escalated) or from a catalogue of well-known servers (filesystem, everything,
 *       git, fetch, github, memory) matched by the package the server runs, or by its exact name
 *       (never a substring). Every output says the result is inferred.</li>
 *   <li><b>With --connect</b> servers are scanned up to four at a time, each with its own time
 *       limit measured from its start. Stdio servers run under our own transport
 *       ({@code StdioProcessTransport}) so that the working directory is honoured and the whole
 *       process tree is killed, and a server that cannot start or exits is reported at once
 *       instead of after the time limit. Entries may use {@code ${VAR}}, {@code ${env:VAR}},
 *       {@code ${VAR:-default}}, {@code ${workspaceFolder}}; an unset variable fails that server;
 *       a VS Code {@code ${input:ID}} skips it (only the editor can prompt).</li>
 *   <li><b>Decisions.</b> Only tools whose server claims {@code readOnlyHint: true} are allowed,
 *       and not if they also claim {@code destructiveHint: true}, their name contradicts the claim
 *       (a write verb, a command runner, words for secrets), or their schema cannot be analysed.
 *       Open-world read-only tools are allowed only with {@code domain_in} on a URL parameter, and
 *       escalated when there is none. Everything else is escalated, including tools with no hints
 *       (the MCP defaults make an unannotated tool a destructive, open-world write). Escalate
 *       rules keep their {@code path_within}/{@code domain_in} conditions, so a request outside
 *       the placeholders' scope is denied rather than escalated. Tools of servers that failed are
 *       absent, hence denied.</li>
 *   <li><b>Condition arguments</b> are lists, like the other list operators:
 *       {@code path_within: ["/TODO-set-allowed-root"]} (the operator needs an absolute path),
 *       {@code domain_in: ["TODO-set-allowed-domains.invalid"]} (a reserved, never-resolving
 *       domain). They load and match nothing real, so an unfilled policy denies; only
 *       {@code --strict} refuses them. A parameter that takes a list (e.g. {@code paths}) gets
 *       the condition too; the engine's string operators fail on lists, so such calls are denied
 *       until the rule is adapted, and the report says so.</li>
 *   <li><b>Action ids</b> are {@code server.tool}: the server part keeps {@code [A-Za-z0-9_-]},
 *       the tool part {@code [A-Za-z0-9_.:-]}, anything else becomes {@code _}; collisions get a
 *       hash suffix; every change is reported (see {@code ActionIdMapper}).</li>
 *   <li><b>Logging.</b> The MCP SDK logs protocol details (and, on some failures, stack traces) at
 *       DEBUG to ERROR on {@code io.modelcontextprotocol} and {@code reactor}; a command line
 *       should turn those loggers off, since every failure is already in the scan result.</li>
 *   <li><b>Packaging.</b> The SDK's JSON mapper and schema validator are created explicitly, so no
 *       service-loader file has to survive shading.</li>
 *   <li><b>Tool poisoning.</b> A connected scan runs {@link io.ape.mcp.ToolPoisoningDetector} on
 *       each tool's raw text (before it is cleaned); a severe finding makes the tool an explicit
 *       {@code decision: deny} rule, a mild one escalates it. A server matched to the catalogue by
 *       its name alone is a guess ({@link io.ape.mcp.ToolSource#CATALOGUE_GUESS}): reported as
 *       such, its tools escalated, never allowed.</li>
 *   <li><b>Pins and the gateway.</b> {@link io.ape.mcp.ToolDefinitions} hashes tool definitions,
 *       {@link io.ape.mcp.ToolLock} is the lock file of {@code ape mcp-pin},
 *       {@link io.ape.mcp.UpstreamServer} the long-lived client connection of the gateway
 *       ({@code io.ape.mcp.gateway}).</li>
 * </ul>
 */
package io.ape.mcp;
