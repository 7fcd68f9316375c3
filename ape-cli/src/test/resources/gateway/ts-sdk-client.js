// A client of the official MCP TypeScript SDK (the version pinned in .mcp-servers) talking to
// `ape gateway` over stdio, for GatewayTypeScriptClientTest. Run with NODE_PATH pointing at
// .mcp-servers/node_modules; the gateway's command line is passed as arguments.
// Prints one JSON line: the tools it was shown and the results of an allowed and a denied call.
'use strict';
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js');

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const transport = new StdioClientTransport({ command, args, stderr: 'inherit' });
  const client = new Client({ name: 'ts-sdk-test-client', version: '1.0.0' });
  await client.connect(transport);
  const tools = (await client.listTools()).tools.map((t) => t.name);
  const allowed = await client.callTool({ name: 'fake.echo', arguments: { text: 'from typescript' } });
  const denied = await client.callTool({ name: 'fake.delete_everything', arguments: { target: '/' } });
  await client.close();
  process.stdout.write(JSON.stringify({ tools, allowed, denied }) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
