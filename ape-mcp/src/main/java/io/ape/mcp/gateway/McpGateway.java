package io.ape.mcp.gateway;

import io.ape.api.ApeException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.GuardedCallResult;
import io.ape.api.Outcome;
import io.ape.api.ProposedCall;
import io.ape.api.RequestContext;
import io.ape.api.RiskLevel;
import io.ape.mcp.ConnectSettings;
import io.ape.mcp.McpActionIds;
import io.ape.mcp.McpConfig;
import io.ape.mcp.McpConnectException;
import io.ape.mcp.McpServerConfig;
import io.ape.mcp.PoisoningFinding;
import io.ape.mcp.ToolDefinitions;
import io.ape.mcp.ToolLock;
import io.ape.mcp.ToolPoisoningDetector;
import io.ape.mcp.UpstreamServer;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP gateway: an MCP server to the client and an MCP client to each server of a client
 * configuration, with a policy in between.
 *
 * <p>What it guarantees (see {@code docs/gateway.md} for the whole contract):
 * <ul>
 *   <li><b>One path.</b> Every {@code tools/call}, {@code resources/read} and {@code prompts/get}
 *       it forwards is a {@link CallGuard#call guarded call}: the upstream server is reached only
 *       by the tool registered with the guard, which its enforcement gate runs after the policy
 *       allowed the call and a single-use token was issued for exactly its arguments.</li>
 *   <li><b>Names.</b> Upstream tools are exposed as {@code server.tool}, the action ids
 *       {@code ape mcp-scan} writes; resources are read under the action
 *       {@code server.resources:read} (parameter {@code uri}) and prompts got under
 *       {@code server.prompts:get} (parameters {@code name}, {@code arguments}), so a policy that
 *       does not mention them denies them (default deny).</li>
 *   <li><b>Listing.</b> {@code tools/list} shows a tool only if the policy can allow it (in
 *       observe mode: every tool), its definition is the pinned one (the lock file's, else the
 *       one seen first in this run), and its text shows no severe sign of poisoning; every change
 *       of what is listed is audited and announced with {@code notifications/tools/list_changed}.
 *       Upstream {@code instructions} are never forwarded (they are untrusted text a client would
 *       put into the model's context).</li>
 *   <li><b>Refusals</b> are {@code CallToolResult}s with {@code isError: true} and the guard's
 *       terse {@link GuardedCallResult#modelMessage()}, never a JSON-RPC error and never policy
 *       internals (those are in the audit). Resource and prompt refusals, which have no result
 *       form for it, are JSON-RPC errors with the same terse text.</li>
 *   <li><b>Faults.</b> An upstream that crashes, hangs (per-call time limit), garbles or floods
 *       fails the call (an error result), is audited, and is restarted at the next call (at most
 *       once per back-off period, its definitions checked again); the gateway stays up. No
 *       handler ever throws.</li>
 * </ul>
 *
 * <p>Thread-safe. Build, {@link #start()}, then {@link #serve} one transport (stdio) or a
 * streamable-HTTP provider; {@link #close()} kills every upstream process.
 *
 * @since 0.2.0
 */
public final class McpGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(McpGateway.class);
  /** The audit detail naming the gateway's own events. */
  public static final String EVENT_DETAIL = "gateway_event";
  /** What the model reads when the gateway itself refuses a call (hidden tool, broken input). */
  static final String NOT_AVAILABLE = "APE refused this tool call: the tool is not available.";
  static final String CANNOT_CHECK = "APE refused this tool call: it could not be checked safely.";
  static final String POLICY_NEVER_ALLOWS = "policy never allows it";
  static final String NOT_PINNED = "not pinned";
  static final String DEFINITION_CHANGED = "definition changed";
  static final String POISONED = "signs of tool poisoning";
  static final String RESERVED = "reserved name";
  static final String INVALID_SCHEMA = "invalid schema";
  static final String GONE = "no longer offered";
  private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {};

  private final McpConfig config;
  private final CallGuard guard;
  private final ConnectSettings settings;
  private final Duration callTimeout;
  private final int maxMessageChars;
  private final ToolLock lock;
  private final Clock clock;
  private final String tenant;
  private final Duration sessionTtl;
  private final Duration escalationTimeout;
  private final Duration restartBackoff;
  private final int maxSessions;
  private final String version;
  private final McpJsonMapper mapper = new JacksonMcpJsonMapper(JsonMapper.shared());
  private final Scheduler calls;
  private final ExecutorService maintenance;
  private final List<Upstream> upstreams = new ArrayList<>();
  private final Map<String, Exposed> tools = new LinkedHashMap<>();
  private final Map<String, Upstream> resourceOwners = new LinkedHashMap<>();
  private final Map<String, Upstream> templateOwners = new LinkedHashMap<>();
  private final Map<String, ExposedPrompt> prompts = new LinkedHashMap<>();
  private final List<McpAsyncServer> servers = new CopyOnWriteArrayList<>();
  private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private McpGateway(Builder b) {
    this.config = b.config;
    this.guard = b.guard;
    this.settings = b.settings;
    this.callTimeout = b.callTimeout;
    this.maxMessageChars = b.maxMessageChars;
    this.lock = b.lock;
    this.clock = b.clock;
    this.tenant = b.tenant;
    this.sessionTtl = b.sessionTtl;
    this.escalationTimeout = b.escalationTimeout;
    this.restartBackoff = b.restartBackoff;
    this.maxSessions = b.maxSessions;
    this.version = b.version;
    this.calls = Schedulers.newBoundedElastic(b.maxConcurrentCalls, 100_000, "ape-gateway-call", 60, true);
    this.maintenance = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ape-gateway-maintenance");
      t.setDaemon(true);
      return t;
    });
  }

  /** A builder; {@code config} and {@code guard} are required. */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------------------------ start

  /**
   * Connects to every usable server of the configuration (four at a time, each within the
   * settings' timeout), reads its tools (and resources and prompts), checks them against the lock
   * file and for poisoning, registers each with the guard and decides what is listed. A server
   * that fails is reported and audited, and its tools are not offered; it never fails the start.
   *
   * @throws io.ape.api.AuditException if the audit cannot record (the gateway does not run unaudited)
   * @throws IllegalStateException if called twice
   */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("the gateway is already started");
    }
    List<McpServerConfig> usable = new ArrayList<>();
    for (McpServerConfig s : config.servers()) {
      if (!s.usable() || !s.inputRefs().isEmpty()) {
        Upstream u = new Upstream(s);
        u.message = s.disabled() ? "disabled in the configuration" : !s.problem().isEmpty()
            ? "the entry cannot be used: " + s.problem() : "needs VS Code inputs only the editor can prompt for";
        upstreams.add(u);
        continue;
      }
      usable.add(s);
    }
    ExecutorService starters = Executors.newFixedThreadPool(Math.max(1, Math.min(4, usable.size())), r -> {
      Thread t = new Thread(r, "ape-gateway-start");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Upstream>> futures = new ArrayList<>();
      for (McpServerConfig s : usable) {
        futures.add(starters.submit(() -> connect(s)));
      }
      for (int i = 0; i < futures.size(); i++) {
        upstreams.add(await(futures.get(i), usable.get(i)));
      }
    } finally {
      starters.shutdownNow();
    }
    expose();
    for (Upstream u : upstreams) {
      record(event(AuditEventType.STATE_TRANSITION, u.connected() ? "upstream_connected" : "upstream_failed")
          .reason("server '" + u.name() + "': " + (u.connected() ? "connected (" + u.info + "), "
              + u.tools.size() + " tool(s)" : u.message)));
    }
    refreshListing(false);
    long listed = tools.values().stream().filter(t -> t.listed).count();
    record(event(AuditEventType.STATE_TRANSITION, "gateway_started")
        .policyVersion(guard.policyEngine().policyVersion())
        .reason("gateway started: " + upstreams.stream().filter(Upstream::connected).count() + " of "
            + upstreams.size() + " server(s) connected, " + listed + " of " + tools.size()
            + " tool(s) listed" + (guard.observeOnly() ? " (OBSERVE mode: nothing is blocked)" : ""))
        .detail("lock", lock == null ? "none" : lock.size() + " pins"));
  }

  private Upstream await(Future<Upstream> f, McpServerConfig s) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Upstream u = new Upstream(s);
      u.message = "the start was interrupted";
      return u;
    } catch (java.util.concurrent.ExecutionException e) {
      Upstream u = new Upstream(s);
      u.message = "internal error: " + e.getCause().getClass().getSimpleName();
      return u;
    }
  }

  private Upstream connect(McpServerConfig s) {
    Upstream u = new Upstream(s);
    try {
      u.open();
    } catch (RuntimeException e) {
      u.message = e instanceof ApeException ? e.getMessage() : e.getClass().getSimpleName()
          + ": could not connect";
      u.close();
    }
    return u;
  }

  /** Maps names, checks pins and poisoning, registers every operation with the guard. */
  private void expose() {
    Map<String, List<String>> names = new LinkedHashMap<>();
    for (Upstream u : upstreams) {
      if (u.connected()) {
        List<String> ns = new ArrayList<>();
        u.tools.forEach(t -> {
          if (!isReservedName(t.name())) {
            ns.add(t.name());
          }
        });
        names.merge(u.name(), ns, (a, b) -> {
          List<String> m = new ArrayList<>(a);
          m.addAll(b);
          return m;
        });
      }
    }
    Map<String, Map<String, String>> ids = McpActionIds.forTools(names);
    Set<String> taken = new LinkedHashSet<>();
    for (Upstream u : upstreams) {
      if (!u.connected() || !taken.add(u.name())) {
        continue;
      }
      List<String> foreign = new ArrayList<>();
      upstreams.stream().filter(o -> o != u && o.connected()).forEach(o -> o.tools.forEach(t -> foreign.add(t.name())));
      ToolPoisoningDetector detector = new ToolPoisoningDetector(foreign);
      for (McpSchema.Tool t : u.tools) {
        String id = isReservedName(t.name()) ? null : ids.getOrDefault(u.name(), Map.of()).get(t.name());
        Exposed e = new Exposed(u, t, id, detector.inspect(t.name(), t.title(), t.description(), t.inputSchema()));
        if (id == null) {
          e.integrity.add(RESERVED);
          u.hidden.add(e);
          continue;
        }
        tools.put(id, e);
        guard.register(new GuardedTool(id, id, e::invoke, e.risk, t.inputSchema(),
            ToolDefinitions.oneLine(t.description(), 200)));
      }
      if (!u.resources.isEmpty() || !u.templates.isEmpty()) {
        u.readAction = McpActionIds.forServerOperation(u.name(), McpActionIds.RESOURCES_READ);
        guard.register(new GuardedTool(u.readAction, u.readAction, u::readResource, RiskLevel.LOW,
            Map.of("type", "object", "properties", Map.of("uri", Map.of("type", "string")),
                "required", List.of("uri")), "read a resource of server " + u.name()));
        for (McpSchema.Resource r : u.resources) {
          if (resourceOwners.putIfAbsent(r.uri(), u) != null) {
            resourceOwners.put(r.uri(), null); // offered by two servers: neither is exposed
          }
        }
        for (McpSchema.ResourceTemplate r : u.templates) {
          if (templateOwners.putIfAbsent(r.uriTemplate(), u) != null) {
            templateOwners.put(r.uriTemplate(), null);
          }
        }
      }
      if (!u.prompts.isEmpty()) {
        u.promptAction = McpActionIds.forServerOperation(u.name(), McpActionIds.PROMPTS_GET);
        guard.register(new GuardedTool(u.promptAction, u.promptAction, u::getPrompt, RiskLevel.LOW,
            Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string"),
                "arguments", Map.of("type", "object")), "required", List.of("name")),
            "get a prompt of server " + u.name()));
        Map<String, List<String>> promptNames = Map.of(u.name(),
            u.prompts.stream().map(McpSchema.Prompt::name).toList());
        Map<String, String> exposedNames = McpActionIds.forTools(promptNames).getOrDefault(u.name(), Map.of());
        for (McpSchema.Prompt p : u.prompts) {
          String exposed = exposedNames.get(p.name());
          if (exposed != null && !prompts.containsKey(exposed)) {
            prompts.put(exposed, new ExposedPrompt(u, p, exposed));
          }
        }
      }
    }
  }

  private static boolean isReservedName(String toolName) {
    return toolName.equals(McpActionIds.RESOURCES_READ) || toolName.equals(McpActionIds.PROMPTS_GET);
  }

  // ---------------------------------------------------------------------------------- listing

  /**
   * Decides again what is listed (after a start, a policy reload or a changed definition),
   * audits every change and, if anything changed and {@code notify}, tells the clients.
   */
  private synchronized void refreshListing(boolean notify) {
    io.ape.api.Policy policy = guard.policyEngine().policy();
    boolean changed = false;
    for (Exposed e : tools.values()) {
      List<String> reasons = new ArrayList<>(e.integrity);
      boolean policyAllows = PolicyReach.canEverAllow(policy, e.id);
      if (!policyAllows && !guard.observeOnly()) {
        reasons.add(POLICY_NEVER_ALLOWS);
      }
      boolean listed = reasons.isEmpty();
      if (!policyAllows && guard.observeOnly() && !e.observeNoted) {
        e.observeNoted = true;
        record(event(AuditEventType.DECISION, "tool_would_be_hidden").action(e.id).tool(e.id)
            .decision(Outcome.DENY).detail("enforcement_mode", "OBSERVE")
            .reason("OBSERVE: '" + e.id + "' is listed although the policy never allows it"));
      }
      if (listed != e.listed || !reasons.equals(e.reasons)) {
        changed |= listed != e.listed;
        e.listed = listed;
        e.reasons = List.copyOf(reasons);
        AuditEvent.Builder ev = event(AuditEventType.DECISION, listed ? "tool_listed" : "tool_hidden")
            .action(e.id).tool(e.id).decision(listed ? Outcome.ALLOW : Outcome.DENY)
            .policyVersion(policy.version()).detail("sha256", e.startSha)
            .reason(listed ? "'" + e.id + "' is listed" : "'" + e.id + "' is hidden: " + String.join(", ", reasons));
        e.findings.stream().limit(3).forEach(f -> ev.detail("poisoning_" + f.kind().name().toLowerCase(
            java.util.Locale.ROOT), f.reason()));
        record(ev);
      }
    }
    if (changed && notify) {
      for (McpAsyncServer s : servers) {
        s.notifyToolsListChanged().onErrorResume(x -> Mono.empty()).subscribe();
      }
    }
  }

  /**
   * Re-reads the policy through the guard (validated before the swap), audits the outcome and
   * updates what is listed. An invalid policy keeps the old one in force; never throws.
   *
   * @return whether the new policy is in force
   */
  public boolean reloadPolicy() {
    String before = guard.policyEngine().policyVersion();
    try {
      guard.reloadPolicy();
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn("the new policy was refused, the old one ({}) stays in force: {}", shortVersion(before), why);
      safeRecord(event(AuditEventType.POLICY_RELOAD_FAILED, "policy_reload_failed").policyVersion(before)
          .decision(Outcome.DENY).reason("the new policy was refused; version " + before
              + " stays in force: " + why));
      return false;
    }
    String after = guard.policyEngine().policyVersion();
    safeRecord(event(AuditEventType.POLICY_RELOADED, "policy_reloaded").policyVersion(after)
        .reason("policy reloaded: " + before + " -> " + after));
    refreshListing(true);
    syncResourcesAndPrompts();
    return true;
  }

  private static String shortVersion(String v) {
    return v.length() > 12 ? v.substring(0, 12) : v;
  }

  /** What the gateway does with each tool, in configuration order. */
  public synchronized List<GatewayToolStatus> tools() {
    List<GatewayToolStatus> out = new ArrayList<>();
    for (Exposed e : tools.values()) {
      out.add(new GatewayToolStatus(e.id, e.upstream.name(), e.definition.name(), e.listed, e.reasons,
          e.startSha, e.risk));
    }
    for (Upstream u : upstreams) {
      for (Exposed e : u.hidden) {
        out.add(new GatewayToolStatus(e.definition.name(), u.name(), e.definition.name(), false,
            List.copyOf(e.integrity), e.startSha, e.risk));
      }
    }
    return out;
  }

  /** Every configured server and what happened to it. */
  public List<UpstreamStatus> upstreams() {
    List<UpstreamStatus> out = new ArrayList<>();
    for (Upstream u : upstreams) {
      out.add(new UpstreamStatus(u.name(), u.connected(), u.info, u.message, u.tools.size()));
    }
    return out;
  }

  /** Every finding of the poisoning checks, per exposed name ({@code server.tool}). */
  public synchronized Map<String, List<PoisoningFinding>> poisoning() {
    Map<String, List<PoisoningFinding>> out = new LinkedHashMap<>();
    tools.forEach((id, e) -> {
      if (!e.findings.isEmpty()) {
        out.put(id, e.findings);
      }
    });
    return out;
  }

  // ---------------------------------------------------------------------------------- serving

  /** Serves one client over a stdio-style transport (one session). */
  public McpAsyncServer serve(McpServerTransportProvider transport) {
    return configure(McpServer.async(transport));
  }

  /** Serves clients over streamable HTTP (one session per client connection). */
  public McpAsyncServer serve(McpStreamableServerTransportProvider transport) {
    return configure(McpServer.async(transport));
  }

  private McpAsyncServer configure(McpServer.AsyncSpecification<?> spec) {
    if (!started.get()) {
      throw new IllegalStateException("start() the gateway before serving");
    }
    List<McpServerFeatures.AsyncToolSpecification> specs = new ArrayList<>();
    synchronized (this) {
      for (Exposed e : tools.values()) {
        if (e.integrity.contains(INVALID_SCHEMA)) {
          continue;
        }
        specs.add(new McpServerFeatures.AsyncToolSpecification(e.exposedTool(),
            (exchange, request) -> handleToolCall(exchange, request, e)));
      }
    }
    spec.serverInfo("ape-gateway", version)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(false, true)
            .prompts(true).build())
        .jsonMapper(mapper)
        .jsonSchemaValidator(new DefaultJsonSchemaValidator())
        .strictToolNameValidation(false)
        .validateToolInputs(false)
        .requestTimeout(escalationTimeout.plusSeconds(5))
        .addToolFilter((context, tool) -> Mono.just(isListed(tool.name())))
        .tools(specs);
    McpAsyncServer server = spec.build();
    servers.add(server);
    syncResourcesAndPrompts(server);
    return server;
  }

  private synchronized boolean isListed(String name) {
    Exposed e = tools.get(name);
    return e != null && e.listed;
  }

  private void syncResourcesAndPrompts() {
    for (McpAsyncServer s : servers) {
      syncResourcesAndPrompts(s);
    }
  }

  /** Offers the resources and prompts of the servers whose read/get action the policy can allow. */
  private synchronized void syncResourcesAndPrompts(McpAsyncServer server) {
    io.ape.api.Policy policy = guard.policyEngine().policy();
    Set<String> offeredUris = new LinkedHashSet<>();
    server.listResources().map(McpSchema.Resource::uri).collectList().blockOptional()
        .ifPresent(offeredUris::addAll);
    for (Upstream u : upstreams) {
      if (u.readAction == null) {
        continue;
      }
      boolean allowed = guard.observeOnly() || PolicyReach.canEverAllow(policy, u.readAction);
      for (McpSchema.Resource r : u.resources) {
        boolean mine = resourceOwners.get(r.uri()) == u;
        if (allowed && mine && !offeredUris.contains(r.uri())) {
          server.addResource(new McpServerFeatures.AsyncResourceSpecification(r,
              (exchange, request) -> handleRead(exchange, request, u))).onErrorResume(x -> Mono.empty()).block();
        } else if ((!allowed || !mine) && offeredUris.contains(r.uri())) {
          server.removeResource(r.uri()).onErrorResume(x -> Mono.empty()).block();
        }
      }
      Set<String> offeredTemplates = new LinkedHashSet<>();
      server.listResourceTemplates().map(McpSchema.ResourceTemplate::uriTemplate).collectList()
          .blockOptional().ifPresent(offeredTemplates::addAll);
      for (McpSchema.ResourceTemplate t : u.templates) {
        boolean mine = templateOwners.get(t.uriTemplate()) == u;
        if (allowed && mine && !offeredTemplates.contains(t.uriTemplate())) {
          server.addResourceTemplate(new McpServerFeatures.AsyncResourceTemplateSpecification(t,
              (exchange, request) -> handleRead(exchange, request, u))).onErrorResume(x -> Mono.empty()).block();
        } else if ((!allowed || !mine) && offeredTemplates.contains(t.uriTemplate())) {
          server.removeResourceTemplate(t.uriTemplate()).onErrorResume(x -> Mono.empty()).block();
        }
      }
    }
    Set<String> offeredPrompts = new LinkedHashSet<>();
    server.listPrompts().map(McpSchema.Prompt::name).collectList().blockOptional()
        .ifPresent(offeredPrompts::addAll);
    for (ExposedPrompt p : prompts.values()) {
      boolean allowed = guard.observeOnly() || PolicyReach.canEverAllow(policy, p.upstream.promptAction);
      if (allowed && !offeredPrompts.contains(p.name)) {
        server.addPrompt(new McpServerFeatures.AsyncPromptSpecification(p.exposedPrompt(),
            (exchange, request) -> handlePrompt(exchange, request, p))).onErrorResume(x -> Mono.empty()).block();
      } else if (!allowed && offeredPrompts.contains(p.name)) {
        server.removePrompt(p.name).onErrorResume(x -> Mono.empty()).block();
      }
    }
  }

  // -------------------------------------------------------------------------------- handlers

  private Mono<McpSchema.CallToolResult> handleToolCall(McpAsyncServerExchange exchange,
      McpSchema.CallToolRequest request, Exposed e) {
    return Mono.fromCallable(() -> callTool(exchange, request, e))
        .subscribeOn(calls)
        .onErrorResume(x -> {
          LOG.warn("tools/call of '{}' failed in the gateway: {}", e.id, x.toString());
          return Mono.just(errorResult(CANNOT_CHECK));
        });
  }

  private McpSchema.CallToolResult callTool(McpAsyncServerExchange exchange,
      McpSchema.CallToolRequest request, Exposed e) {
    if (!e.integrity.isEmpty()) {
      safeRecord(event(AuditEventType.ATTEMPT_REJECTED, "hidden_tool_called").action(e.id).tool(e.id)
          .decision(Outcome.DENY).reason("'" + e.id + "' was called but is hidden: "
              + String.join(", ", e.integrity)));
      return errorResult(NOT_AVAILABLE);
    }
    ClientSession session;
    ProposedCall call;
    try {
      session = sessionFor(exchange);
      call = ProposedCall.of(tenant, session.guardSession.id(), e.id, e.id,
          request.arguments() == null ? Map.of() : request.arguments());
    } catch (ApeException x) {
      safeRecord(event(AuditEventType.ATTEMPT_REJECTED, "call_refused").action(e.id).tool(e.id)
          .decision(Outcome.DENY).reason("the call of '" + e.id + "' cannot be checked: " + x.getMessage()));
      return errorResult(x instanceof io.ape.api.ActionParameterException
          ? "APE refused this tool call: the call or its arguments are invalid." : CANNOT_CHECK);
    }
    GuardedCallResult r = guard.call(call);
    if (r.executed()) {
      return mapper.convertValue(r.value().value(), McpSchema.CallToolResult.class);
    }
    return errorResult(r.modelMessage());
  }

  private Mono<McpSchema.ReadResourceResult> handleRead(McpAsyncServerExchange exchange,
      McpSchema.ReadResourceRequest request, Upstream u) {
    return Mono.fromCallable(() -> {
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("uri", request.uri());
      Object value = guarded(exchange, u.readAction, args);
      return mapper.convertValue(value, McpSchema.ReadResourceResult.class);
    }).subscribeOn(calls).onErrorMap(x -> !(x instanceof McpError), McpGateway::cannotCheck);
  }

  private Mono<McpSchema.GetPromptResult> handlePrompt(McpAsyncServerExchange exchange,
      McpSchema.GetPromptRequest request, ExposedPrompt p) {
    return Mono.fromCallable(() -> {
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("name", p.prompt.name());
      args.put("arguments", request.arguments() == null ? Map.of() : request.arguments());
      Object value = guarded(exchange, p.upstream.promptAction, args);
      return mapper.convertValue(value, McpSchema.GetPromptResult.class);
    }).subscribeOn(calls).onErrorMap(x -> !(x instanceof McpError), McpGateway::cannotCheck);
  }

  /** A guarded call for a resource or a prompt: its value, or a JSON-RPC error with the terse text. */
  private Object guarded(McpAsyncServerExchange exchange, String action, Map<String, Object> args) {
    GuardedCallResult r;
    try {
      ClientSession session = sessionFor(exchange);
      r = guard.call(ProposedCall.of(tenant, session.guardSession.id(), action, action, args));
    } catch (ApeException x) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message(CANNOT_CHECK).build();
    }
    if (!r.executed()) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message(r.modelMessage()).build();
    }
    return r.value().value();
  }

  /** Any other failure of a resource or prompt request: the terse text, never the exception's. */
  private static McpError cannotCheck(Throwable x) {
    LOG.warn("a resource or prompt request failed in the gateway: {}", x.toString());
    return McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(CANNOT_CHECK).build();
  }

  private static McpSchema.CallToolResult errorResult(String text) {
    return McpSchema.CallToolResult.builder()
        .content(List.of(McpSchema.TextContent.builder(text).build()))
        .isError(true)
        .build();
  }

  /**
   * The guard session of the client connection of {@code exchange}: opened at its first call,
   * with MCP elicitation as its escalation resolver when the client declared the capability;
   * replaced when it has expired. At most {@code maxSessions} are kept; the least recently used
   * one is closed when another is needed.
   */
  private ClientSession sessionFor(McpAsyncServerExchange exchange) {
    String key = exchange.sessionId() == null ? "" : exchange.sessionId();
    ClientSession s = sessions.get(key);
    if (s != null && s.guardSession.isActive()) {
      s.lastUsed = clock.instant();
      return s;
    }
    synchronized (sessions) {
      s = sessions.get(key);
      if (s != null && s.guardSession.isActive()) {
        return s;
      }
      if (s != null) {
        s.guardSession.close();
        sessions.remove(key);
      }
      while (sessions.size() >= maxSessions) {
        sessions.entrySet().stream().min((a, b) -> a.getValue().lastUsed.compareTo(b.getValue().lastUsed))
            .ifPresent(oldest -> {
              oldest.getValue().guardSession.close();
              sessions.remove(oldest.getKey());
            });
      }
      McpSchema.Implementation info = exchange.getClientInfo();
      String client = info == null ? "mcp-client" : info.name() + " " + info.version();
      McpSchema.ClientCapabilities caps = exchange.getClientCapabilities();
      boolean elicits = caps != null && caps.elicitation() != null;
      ElicitationEscalationResolver resolver = elicits ? new ElicitationEscalationResolver(
          exchange::createElicitation, escalationTimeout, client) : null;
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("client", io.ape.api.ActionIds.printable(client));
      attrs.put("elicitation", Boolean.toString(elicits));
      CallGuard.Session gs = guard.openSession(new SessionRequest(io.ape.api.ActionIds.printable(client),
          tenant, sessionTtl, resolver, attrs));
      s = new ClientSession(gs, clock.instant());
      sessions.put(key, s);
      return s;
    }
  }

  // ------------------------------------------------------------------------------- auditing

  private AuditEvent.Builder event(AuditEventType type, String what) {
    AuditEvent.Builder b = guard.audit().event(type).tenant(tenant).detail(EVENT_DETAIL, what);
    if (guard.observeOnly()) {
      b.detail("enforcement_mode", "OBSERVE");
    }
    return b;
  }

  private void record(AuditEvent.Builder event) {
    guard.audit().record(event);
  }

  /** Records, but never lets a failing sink break what is being done (it is logged). */
  private void safeRecord(AuditEvent.Builder event) {
    try {
      guard.audit().record(event);
    } catch (RuntimeException e) {
      LOG.warn("the gateway could not audit an event: {}", e.toString());
    }
  }

  // ------------------------------------------------------------------------------ upstreams

  /** Compares a server's current tool definitions with the pinned ones; hides what changed. */
  private void checkDefinitions(Upstream u, List<McpSchema.Tool> current) {
    Map<String, McpSchema.Tool> byName = new LinkedHashMap<>();
    current.forEach(t -> byName.put(t.name(), t));
    boolean changed = false;
    synchronized (this) {
      for (Exposed e : tools.values()) {
        if (e.upstream != u) {
          continue;
        }
        McpSchema.Tool now = byName.remove(e.definition.name());
        if (now == null) {
          if (e.integrity.add(GONE)) {
            changed = true;
            record(event(AuditEventType.DECISION, "tool_gone").action(e.id).tool(e.id).decision(Outcome.DENY)
                .reason("server '" + u.name() + "' no longer offers '" + e.definition.name() + "'"));
          }
          continue;
        }
        e.integrity.remove(GONE);
        String sha = ToolDefinitions.sha256(now);
        if (!sha.equals(e.startSha) && e.integrity.add(DEFINITION_CHANGED)) {
          changed = true;
          record(event(AuditEventType.DECISION, "tool_definition_changed").action(e.id).tool(e.id)
              .decision(Outcome.DENY).detail("sha256", sha).detail("pinned_sha256", e.baselineSha)
              .reason("the definition of '" + e.id + "' changed (sha256 " + sha + ", pinned "
                  + e.baselineSha + "): hidden until it is pinned again (a rug pull?)"));
        }
      }
      for (McpSchema.Tool added : byName.values()) {
        if (u.seenLate.add(added.name())) {
          record(event(AuditEventType.DECISION, "tool_appeared").decision(Outcome.DENY)
              .reason("server '" + u.name() + "' now offers a tool that was not there at start ('"
                  + io.ape.api.ActionIds.printable(added.name()) + "'); it is not offered until the gateway"
                  + " restarts and it is pinned"));
        }
      }
    }
    if (changed) {
      refreshListing(true);
    }
  }

  /** One configured server and its connection (restarted on demand). */
  private final class Upstream implements UpstreamServer.Listener {
    final McpServerConfig config;
    volatile UpstreamServer server;
    volatile String message = "";
    String info = "";
    List<McpSchema.Tool> tools = List.of();
    List<McpSchema.Resource> resources = List.of();
    List<McpSchema.ResourceTemplate> templates = List.of();
    List<McpSchema.Prompt> prompts = List.of();
    final List<Exposed> hidden = new ArrayList<>();
    final Set<String> seenLate = ConcurrentHashMap.newKeySet();
    String readAction;
    String promptAction;
    private Instant lastStart;
    private boolean ever;

    Upstream(McpServerConfig config) {
      this.config = config;
    }

    String name() {
      return config.name();
    }

    boolean connected() {
      return ever;
    }

    /** First connection: handshake and every list. */
    void open() {
      lastStart = clock.instant();
      UpstreamServer s = UpstreamServer.open(config, settings, maxMessageChars, this);
      server = s;
      UpstreamServer.Info i = s.start();
      info = i.serverInfo();
      tools = s.listTools();
      McpSchema.ServerCapabilities caps = i.capabilities();
      if (caps != null && caps.resources() != null) {
        resources = listQuietly(s::listResources);
        templates = listQuietly(s::listResourceTemplates);
      }
      if (caps != null && caps.prompts() != null) {
        prompts = listQuietly(s::listPrompts);
      }
      ever = true;
    }

    private <T> List<T> listQuietly(java.util.function.Supplier<List<T>> list) {
      try {
        return list.get();
      } catch (RuntimeException e) {
        LOG.debug("server '{}': a listing failed: {}", name(), e.toString());
        return List.of();
      }
    }

    /**
     * A live connection: the current one, or a new one if it ended (at most once per back-off
     * period), whose definitions are checked before it is used.
     */
    synchronized UpstreamServer live() {
      UpstreamServer s = server;
      if (s != null && s.isAlive()) {
        return s;
      }
      if (closed.get()) {
        throw new McpConnectException("the gateway is closing");
      }
      Instant now = clock.instant();
      if (lastStart != null && now.isBefore(lastStart.plus(restartBackoff))) {
        throw new McpConnectException("server '" + name() + "' is down; it is restarted at most every "
            + restartBackoff.toSeconds() + " s (" + message + ")");
      }
      if (s != null) {
        s.close();
      }
      lastStart = now;
      UpstreamServer fresh = UpstreamServer.open(config, settings, maxMessageChars, this);
      try {
        fresh.start();
        List<McpSchema.Tool> listed = fresh.listTools();
        server = fresh;
        safeRecord(event(AuditEventType.STATE_TRANSITION, "upstream_restarted")
            .reason("server '" + name() + "' was restarted"));
        checkDefinitions(this, listed);
        return fresh;
      } catch (RuntimeException e) {
        fresh.close();
        message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        safeRecord(event(AuditEventType.STATE_TRANSITION, "upstream_restart_failed")
            .reason("server '" + name() + "' could not be restarted: " + message));
        throw e instanceof McpConnectException mce ? mce : new McpConnectException(message, e);
      }
    }

    @Override
    public void toolsChanged(UpstreamServer s) {
      if (closed.get()) {
        return;
      }
      maintenance.execute(() -> {
        try {
          if (s.isAlive() && s == server) {
            checkDefinitions(this, s.listTools());
          }
        } catch (RuntimeException e) {
          LOG.debug("server '{}': re-reading its tools failed: {}", name(), e.toString());
        }
      });
    }

    @Override
    public void disconnected(UpstreamServer s, String why) {
      if (closed.get()) {
        return;
      }
      message = why;
      safeRecord(event(AuditEventType.STATE_TRANSITION, "upstream_disconnected")
          .reason("server '" + name() + "': " + why + "; it is restarted at its next call"));
    }

    /** The guard's tool for {@code server.resources:read}. */
    Object readResource(Map<String, Object> parameters) {
      Object uri = parameters.get("uri");
      if (!(uri instanceof String u)) {
        throw new McpGatewayException("resources/read needs a uri");
      }
      return mapper.convertValue(live().readResource(u, callTimeout), MAP);
    }

    /** The guard's tool for {@code server.prompts:get}. */
    Object getPrompt(Map<String, Object> parameters) {
      Object name = parameters.get("name");
      Object args = parameters.get("arguments");
      if (!(name instanceof String n)) {
        throw new McpGatewayException("prompts/get needs a name");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> a = args instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
      return mapper.convertValue(live().getPrompt(n, a, callTimeout), MAP);
    }

    void close() {
      UpstreamServer s = server;
      if (s != null) {
        s.close();
      }
    }
  }

  /** One upstream tool as the gateway exposes it. */
  private final class Exposed {
    final Upstream upstream;
    final McpSchema.Tool definition;
    final String id;
    final String startSha;
    final String baselineSha;
    final List<PoisoningFinding> findings;
    final RiskLevel risk;
    final Set<String> integrity = ConcurrentHashMap.newKeySet();
    volatile boolean listed;
    volatile List<String> reasons = List.of();
    boolean observeNoted;

    Exposed(Upstream upstream, McpSchema.Tool definition, String id, List<PoisoningFinding> findings) {
      this.upstream = upstream;
      this.definition = definition;
      this.id = id;
      this.findings = List.copyOf(findings);
      String sha;
      try {
        sha = ToolDefinitions.sha256(definition);
      } catch (RuntimeException e) {
        sha = "0".repeat(64);
        integrity.add(INVALID_SCHEMA);
      }
      this.startSha = sha;
      RiskLevel r;
      try {
        r = ToolDefinitions.riskOf(definition);
      } catch (RuntimeException e) {
        r = RiskLevel.CRITICAL;
      }
      this.risk = r;
      if (lock != null) {
        String pinned = lock.pin(upstream.name(), definition.name()).orElse(null);
        this.baselineSha = pinned == null ? "" : pinned;
        if (pinned == null) {
          integrity.add(NOT_PINNED);
        } else if (!pinned.equals(sha)) {
          integrity.add(DEFINITION_CHANGED);
        }
      } else {
        this.baselineSha = sha;
      }
      if (findings.stream().anyMatch(PoisoningFinding::severe)) {
        integrity.add(POISONED);
      }
      try {
        new DefaultJsonSchemaValidator().assertConforms("tool '" + id + "'", definition.inputSchema());
      } catch (RuntimeException e) {
        integrity.add(INVALID_SCHEMA);
      }
    }

    /** The tool as the client sees it: the upstream definition under the exposed name. */
    McpSchema.Tool exposedTool() {
      return McpSchema.Tool.builder(id, definition.inputSchema() == null
              ? Map.of("type", "object") : definition.inputSchema())
          .title(definition.title())
          .description(definition.description())
          .outputSchema(definition.outputSchema())
          .annotations(definition.annotations())
          .build();
    }

    /** The guard's tool: runs only after the gate consumed a token for exactly these parameters. */
    Object invoke(Map<String, Object> parameters) {
      UpstreamServer s = upstream.live();
      if (!integrity.isEmpty()) {
        throw new McpGatewayException("'" + id + "' is hidden: " + String.join(", ", integrity));
      }
      return mapper.convertValue(s.callTool(definition.name(), parameters, callTimeout), MAP);
    }
  }

  /** One upstream prompt as the gateway exposes it. */
  private static final class ExposedPrompt {
    final Upstream upstream;
    final McpSchema.Prompt prompt;
    final String name;

    ExposedPrompt(Upstream upstream, McpSchema.Prompt prompt, String name) {
      this.upstream = upstream;
      this.prompt = prompt;
      this.name = name;
    }

    McpSchema.Prompt exposedPrompt() {
      return McpSchema.Prompt.builder(name).title(prompt.title()).description(prompt.description())
          .arguments(prompt.arguments()).build();
    }
  }

  /** A client connection's guard session. */
  private static final class ClientSession {
    final CallGuard.Session guardSession;
    volatile Instant lastUsed;

    ClientSession(CallGuard.Session guardSession, Instant now) {
      this.guardSession = guardSession;
      this.lastUsed = now;
    }
  }

  /**
   * Closes the servers it serves, ends every session and kills every upstream process tree.
   * The guard is the caller's to close. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (McpAsyncServer s : servers) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.debug("closing an MCP server: {}", e.toString());
      }
    }
    sessions.values().forEach(s -> s.guardSession.close());
    sessions.clear();
    upstreams.forEach(Upstream::close);
    maintenance.shutdownNow();
    try {
      maintenance.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    calls.dispose();
  }

  /** Builder for {@link McpGateway}; not thread-safe. */
  public static final class Builder {
    private McpConfig config;
    private CallGuard guard;
    private ConnectSettings settings = new ConnectSettings(java.nio.file.Path.of("").toAbsolutePath(),
        System.getenv(), Duration.ofSeconds(30));
    private Duration callTimeout = Duration.ofSeconds(60);
    private int maxMessageChars = UpstreamServer.DEFAULT_MAX_MESSAGE_CHARS;
    private ToolLock lock;
    private Clock clock = Clock.systemUTC();
    private String tenant = RequestContext.DEFAULT_TENANT;
    private Duration sessionTtl = Duration.ofHours(12);
    private Duration escalationTimeout = Duration.ofSeconds(120);
    private Duration restartBackoff = Duration.ofSeconds(2);
    private int maxSessions = 1_000;
    private int maxConcurrentCalls = 256;
    private String version = "0.2.0";

    private Builder() {}

    /** The MCP client configuration whose servers the gateway fronts. Required. */
    public Builder config(McpConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The guarded-call seam. Required; the caller closes it after the gateway. */
    public Builder guard(CallGuard guard) {
      this.guard = Objects.requireNonNull(guard, "guard");
      return this;
    }

    /** Where stdio servers start, the variables of {@code ${VAR}}, the handshake time limit. */
    public Builder connectSettings(ConnectSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The time limit of one upstream call (default 60 s). */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /** The longest message read from a stdio server (default 16 Mi characters). */
    public Builder maxMessageChars(int max) {
      if (max < 1024) {
        throw new IllegalArgumentException("maxMessageChars must be at least 1024");
      }
      this.maxMessageChars = max;
      return this;
    }

    /** Pinned tool definitions: a tool not pinned, or pinned differently, is hidden. */
    public Builder lock(ToolLock lock) {
      this.lock = lock;
      return this;
    }

    /** The clock (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The tenant of every call (default {@code default}; must be the guard's). */
    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    /** How long a client's session lives before a new one is opened (default 12 h). */
    public Builder sessionTtl(Duration ttl) {
      this.sessionTtl = positive(ttl, "sessionTtl");
      return this;
    }

    /** How long an elicitation waits for the human (default 120 s); then it is a denial. */
    public Builder escalationTimeout(Duration timeout) {
      this.escalationTimeout = positive(timeout, "escalationTimeout");
      return this;
    }

    /** The least time between two restarts of one upstream server (default 2 s). */
    public Builder restartBackoff(Duration backoff) {
      Objects.requireNonNull(backoff, "backoff");
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("restartBackoff must not be negative");
      }
      this.restartBackoff = backoff;
      return this;
    }

    /** The most client sessions kept at once (streamable HTTP; default 1,000). */
    public Builder maxSessions(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxSessions must be at least 1");
      }
      this.maxSessions = max;
      return this;
    }

    /** The most calls running at once; more wait in a bounded queue (default 256). */
    public Builder maxConcurrentCalls(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentCalls must be at least 1");
      }
      this.maxConcurrentCalls = max;
      return this;
    }

    /** The version the gateway reports in its handshake. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }

    /** Builds the gateway (no I/O: {@link McpGateway#start()} connects). */
    public McpGateway build() {
      if (config == null || guard == null) {
        throw new IllegalStateException("config and guard are required");
      }
      return new McpGateway(this);
    }
  }

  /** For tests: the names of everything offered, by kind. */
  Map<String, Collection<String>> offered() {
    Map<String, Collection<String>> out = new LinkedHashMap<>();
    out.put("resources", new ArrayList<>(resourceOwners.keySet()));
    out.put("templates", new ArrayList<>(templateOwners.keySet()));
    out.put("prompts", new ArrayList<>(prompts.keySet()));
    return out;
  }

}
