package io.ape.mcp;

import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the MCP client transport for one configured server: our own {@link StdioProcessTransport}
 * for stdio (working directory honoured, process tree killed, bounded lines), the SDK's SSE and
 * streamable-HTTP transports for URLs. {@code ${VAR}} references are expanded here; an unset
 * variable is an {@link McpConnectException}. No I/O happens before the client connects.
 */
final class ClientTransports {
  private static final Logger LOG = LoggerFactory.getLogger(ClientTransports.class);

  private ClientTransports() {}

  /**
   * A transport, the stdio transport if it is one (else {@code null}), the server's printable
   * name, and every secret value (as written and as expanded) to scrub from what it reports.
   */
  record Made(McpClientTransport transport, StdioProcessTransport stdio, String name,
      List<String> secrets) {}

  static Made make(McpServerConfig server, ConnectSettings settings, McpJsonMapper mapper,
      int maxMessageChars) {
    ConfigVariables vars = new ConfigVariables(settings.environment(),
        settings.workingDirectory().toString());
    // The name as it may appear in messages and logs: one line, no control characters.
    String name = io.ape.api.ActionIds.printable(server.name());
    McpClientTransport transport;
    StdioProcessTransport stdio = null;
    switch (server.transport()) {
      case STDIO: {
        List<String> command = new ArrayList<>();
        command.add(vars.expand(name, server.command()));
        for (String a : server.args()) {
          command.add(vars.expand(name, a));
        }
        Map<String, String> env = new LinkedHashMap<>();
        server.env().reveal().forEach((k, v) -> env.put(k, vars.expand(name, v)));
        Path cwd = settings.workingDirectory();
        if (!server.cwd().isEmpty()) {
          cwd = cwd.resolve(vars.expand(name, server.cwd()));
        }
        stdio = new StdioProcessTransport(name, command, env, cwd, mapper, maxMessageChars);
        transport = stdio;
        break;
      }
      case SSE:
      case STREAMABLE_HTTP: {
        String url = vars.expand(name, server.url());
        URI uri = parseHttpUri(name, url);
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String endpoint = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder();
        server.headers().reveal().forEach((k, v) -> request.header(k, vars.expand(name, v)));
        if (server.transport() == TransportKind.SSE) {
          transport = HttpClientSseClientTransport.builder(base).sseEndpoint(endpoint)
              .jsonMapper(mapper).requestBuilder(request).connectTimeout(settings.timeout()).build();
        } else {
          transport = HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint)
              .jsonMapper(mapper).requestBuilder(request).connectTimeout(settings.timeout())
              .openConnectionOnStartup(false).build();
        }
        break;
      }
      default:
        throw new McpConnectException("server '" + name + "': unsupported transport " + server.transport());
    }
    List<String> secrets = new ArrayList<>(server.secretTexts());
    for (String v : server.env().reveal().values()) {
      secrets.add(vars.expand(name, v));
    }
    for (String v : server.headers().reveal().values()) {
      secrets.add(vars.expand(name, v));
    }
    return new Made(transport, stdio, name, List.copyOf(secrets));
  }

  private static URI parseHttpUri(String name, String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      LOG.debug("server '{}': malformed URL", name);
    }
    throw new McpConnectException("server '" + name + "': the URL is not a valid http(s) URL");
  }
}
