package io.ape.mcp.gateway;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ape gateway --listen HOST:PORT}: the gateway over MCP streamable HTTP (one endpoint,
 * {@value #ENDPOINT}), for clients that cannot start it as a process.
 *
 * <p>Guarantees: every request must carry {@code Authorization: Bearer <token>} with the token of
 * the {@link BearerToken} (compared in constant time), else it gets 401 and never reaches MCP; a
 * request body longer than the limit gets 413 (checked from {@code Content-Length} before anything
 * is read, and again by the transport while reading); a request whose {@code Host} is not the
 * address listened on, or that carries an {@code Origin} header (a browser page: DNS rebinding),
 * is refused by the SDK's security validator; each MCP session ({@code Mcp-Session-Id}) gets its
 * own guard session. Plain HTTP: bind to a loopback address, or put TLS in front.
 *
 * @since 0.2.0
 */
public final class HttpGatewayServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpGatewayServer.class);
  /** The MCP endpoint path. */
  public static final String ENDPOINT = "/mcp";
  /** The default largest request body: 4 MiB. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

  private final Server server;
  private final AuthFilter auth;

  private HttpGatewayServer(Server server, AuthFilter auth) {
    this.server = server;
    this.auth = auth;
  }

  /**
   * Serves the (started) gateway on {@code address}.
   *
   * @param maxRequestBytes the largest request body accepted
   * @throws McpGatewayException if the address cannot be bound
   */
  public static HttpGatewayServer start(McpGateway gateway, InetSocketAddress address, BearerToken token,
      int maxRequestBytes) {
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(token, "token");
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException("maxRequestBytes must be at least 1024");
    }
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(16 * 1024);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    server.addConnector(connector);
    try {
      // Bind first, so that the real port is known for the Host check.
      connector.open();
    } catch (IOException e) {
      throw new McpGatewayException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
    int port = connector.getLocalPort();
    McpJsonMapper mapper = new JacksonMcpJsonMapper(JsonMapper.shared());
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(mapper)
        .mcpEndpoint(ENDPOINT)
        .maxRequestSize(maxRequestBytes)
        .httpHeaderValidator(DefaultServerTransportSecurityValidator.builder()
            .allowedHosts(allowedHosts(address, port)).build())
        .build();
    gateway.serve(transport);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder servlet = new ServletHolder("mcp", transport);
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    AuthFilter auth = new AuthFilter(token, maxRequestBytes);
    FilterHolder filter = new FilterHolder(auth);
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception x) {
        e.addSuppressed(x);
      }
      throw new McpGatewayException("cannot start the HTTP server on " + address + ": " + e.getMessage(), e);
    }
    if (!isLoopback(address)) {
      LOG.warn("the gateway listens on {}, which is not a loopback address, over plain HTTP: put TLS in"
          + " front of it", address);
    }
    return new HttpGatewayServer(server, auth);
  }

  private static List<String> allowedHosts(InetSocketAddress address, int port) {
    List<String> hosts = new ArrayList<>();
    hosts.add(address.getHostString() + ":" + port);
    if (isLoopback(address)) {
      hosts.add("localhost:" + port);
      hosts.add("127.0.0.1:" + port);
      hosts.add("[::1]:" + port);
    }
    return hosts;
  }

  private static boolean isLoopback(InetSocketAddress address) {
    InetAddress a = address.getAddress();
    return a != null && a.isLoopbackAddress();
  }

  /** The port listened on (useful with port 0). */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** How many requests were refused for a missing or wrong token. */
  public long refusedRequests() {
    return auth.refused.get();
  }

  /** Stops listening; idempotent. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.debug("stopping the HTTP server: {}", e.toString());
    }
  }

  /** Client authentication and the early request-size check. */
  private static final class AuthFilter implements Filter {
    private final BearerToken token;
    private final int maxRequestBytes;
    final AtomicLong refused = new AtomicLong();

    AuthFilter(BearerToken token, int maxRequestBytes) {
      this.token = token;
      this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest req = (HttpServletRequest) request;
      HttpServletResponse res = (HttpServletResponse) response;
      if (!token.matches(req.getHeader("Authorization"))) {
        refused.incrementAndGet();
        LOG.debug("refused an HTTP request without a valid bearer token");
        res.setHeader("WWW-Authenticate", "Bearer");
        res.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        return;
      }
      if (req.getContentLengthLong() > maxRequestBytes) {
        res.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        return;
      }
      chain.doFilter(request, response);
    }
  }
}
