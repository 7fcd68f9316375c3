/**
 * The engine facade: the one object an application builds ({@link io.ape.engine.ApeEngine}),
 * once, and everything built from it — the seed's orchestrator, and the guarded call that agent
 * frameworks (LangChain4j, Spring AI, the MCP SDK, the gateway) use for tool calls they see one
 * at a time ({@link io.ape.engine.AgentSession}, {@link io.ape.engine.ApeEngine#call}).
 *
 * <pre>{@code
 * try (ApeEngine engine = ApeEngine.builder()
 *     .policyFile(Path.of("policy.yaml"))
 *     .configurationFile(Path.of("ape.properties"))   // ape.audit.sinks=jsonl, ...
 *     .build()) {
 *   engine.registerTool("read_file", args -> Files.readString(Path.of((String) args.get("path"))));
 *   AgentSession session = engine.openSession(SessionOptions.forUser("alice"));
 *   session.recordUserMessage("Read /workspace/notes.txt");
 *   GuardedCallResult r = session.call("read_file", Map.of("path", "/workspace/notes.txt"));
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
package io.ape.engine;
