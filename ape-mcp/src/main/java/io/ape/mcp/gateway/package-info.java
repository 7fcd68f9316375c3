/**
 * The MCP gateway: an MCP server to the client and an MCP client to the servers of a client
 * configuration, with APE's guarded call in between ({@code ape gateway}).
 *
 * <pre>{@code
 * try (OrchestratorCallGuard guard = OrchestratorCallGuard.builder()
 *         .policyFile(Path.of("policy.yaml")).auditSink(jsonl).build();          // the seam
 *      McpGateway gateway = McpGateway.builder()
 *         .config(new McpConfigReader().read(Path.of("servers.json")))
 *         .guard(guard).lock(ToolLock.read(Path.of("mcp-tools.lock"))).build()) {
 *   gateway.start();                                                              // upstreams, pins, listing
 *   StdioServerTransport stdio = StdioServerTransport.forProcess(16 << 20);
 *   gateway.serve(stdio);                                                         // or HttpGatewayServer.start(...)
 *   stdio.terminated().join();
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.ape.mcp.gateway.CallGuard} is the one seam every forwarded call goes through
 *       ({@code tools/call}, {@code resources/read}, {@code prompts/get}); it is shaped after the
 *       engine facade, and {@link io.ape.mcp.gateway.OrchestratorCallGuard} implements it until
 *       the engine lands.</li>
 *   <li>{@link io.ape.mcp.gateway.McpGateway} decides what is listed (policy reach, pins,
 *       poisoning), turns refusals into {@code isError} results, supervises the upstream
 *       connections (per-call time limits, restarts) and audits its own events
 *       ({@code gateway_event}).</li>
 *   <li>{@link io.ape.mcp.gateway.StdioServerTransport} and
 *       {@link io.ape.mcp.gateway.HttpGatewayServer} serve it; {@link
 *       io.ape.mcp.gateway.ElicitationEscalationResolver} asks the human;
 *       {@link io.ape.mcp.gateway.PolicyFileWatcher} reloads the policy;
 *       {@link io.ape.mcp.gateway.ClientConfigInstaller} rewrites client configurations.</li>
 * </ul>
 *
 * <p>The contract in full: {@code docs/gateway.md}.
 *
 * @since 0.2.0
 */
package io.ape.mcp.gateway;
