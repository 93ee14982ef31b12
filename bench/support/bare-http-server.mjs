// The floor of a tool call over HTTP on this machine: node:http answering MCP's initialize and every tools/call
// with a fixed JSON body (no auth, no session, no work). Prints `MCP: <url>` once it listens.
import { createServer } from 'node:http';

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const message = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    if (message.id === undefined) return void response.writeHead(202).end();
    const result =
      message.method === 'initialize'
        ? {
            protocolVersion: message.params.protocolVersion,
            capabilities: { tools: {} },
            serverInfo: { name: 'floor', version: '1' },
          }
        : { content: [{ type: 'text', text: '{"id":"floor"}' }], structuredContent: { id: 'floor' } };
    const json = JSON.stringify({ jsonrpc: '2.0', id: message.id, result });
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
      'mcp-session-id': 'floor',
    });
    response.end(json);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`MCP: http://127.0.0.1:${server.address().port}/mcp`));
