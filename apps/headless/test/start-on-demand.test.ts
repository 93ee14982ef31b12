import WebSocket from 'ws';
import { apiUrl, createClient, createWebSocketTransport, whenOpen } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { probedStart, type ProbedHost } from './support/probed-start';

// A host's start loads what its first request does not need only when it is needed: the MCP SDK's server side
// when the first MCP request (or relay connection) arrives, a terminal backend's package when that backend is
// chosen; an agent spawned starts loading the SDK at once (it is about to call). What the process loaded is seen
// through a module resolve hook and the bundle's list of what each of its files holds (support/probed-start.ts).
const sdk = (urls: string[]) => urls.filter((url) => url.includes('/@modelcontextprotocol/sdk/'));
const iterm = (urls: string[]) =>
  urls.filter((url) => /\/packages\/iterm-bridge\/|\/@bufbuild\/protobuf\/|\/@xterm\//.test(url));
const tmux = (urls: string[]) => urls.filter((url) => url.includes('/packages/tmux-bridge/'));
/** What only a command needs: the YAML parser (fleet.apply), the tar writer (a fleet bundle's export). */
const commandOnly = (urls: string[]) => urls.filter((url) => /\/node_modules\/(yaml|tar-stream)\//.test(url));

/** An MCP `initialize` over HTTP, as an agent's first call starts: the answer's status. */
async function initialize(host: ProbedHost): Promise<number> {
  const response = await fetch(host.mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${host.token}`,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '0' } },
    }),
  });
  await response.text();
  return response.status;
}

/** Spawns a shell agent over the human's WebSocket, as the UI does. */
async function spawnAgent(host: ProbedHost): Promise<void> {
  const { origin } = new URL(host.mcpUrl);
  class OriginWebSocket extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin });
    }
  }
  const transport = createWebSocketTransport({
    url: apiUrl(origin),
    token: host.token,
    WebSocketImpl: OriginWebSocket,
    reconnect: false,
  });
  try {
    await whenOpen(transport, 30_000);
    await createClient(transport).call('agent.spawn', { name: 'warm', kind: 'shell' });
  } finally {
    transport.close();
  }
}

describe('switchboard start loads on demand', { timeout: 120_000 }, () => {
  it('a memory host: no MCP SDK until the first MCP request, no iTerm2 or tmux backend, no YAML or tar', async () => {
    const host = await probedStart(['--backend', 'memory']);
    try {
      const atStart = host.modules();
      // The probe saw the host's own code in the bundle, so an empty list below is not a blind spot.
      expect(atStart.some((url) => url.includes('/packages/host/src/start-host.ts'))).toBe(true);
      expect(sdk(atStart)).toEqual([]);
      expect(iterm(atStart)).toEqual([]);
      expect(tmux(atStart)).toEqual([]);
      expect(commandOnly(atStart)).toEqual([]);
      expect(await initialize(host)).toBe(200);
      expect(sdk(host.modules()).some((url) => url.includes('/server/streamableHttp.js'))).toBe(true);
    } finally {
      host.stop();
    }
  });

  it('an agent spawned starts loading the MCP SDK before any MCP request', async () => {
    const host = await probedStart(['--backend', 'memory']);
    try {
      expect(sdk(host.modules())).toEqual([]);
      await spawnAgent(host);
      const deadline = Date.now() + 60_000;
      while (sdk(host.modules()).length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(sdk(host.modules()).some((url) => url.includes('/server/streamableHttp.js'))).toBe(true);
    } finally {
      host.stop();
    }
  });

  it('the embedded server (sim): its iTerm2 client and server, still no MCP SDK or tmux', async () => {
    const host = await probedStart(['--backend', 'sim']);
    try {
      const atStart = host.modules();
      expect(iterm(atStart).some((url) => url.includes('/packages/iterm-bridge/src/sim/'))).toBe(true);
      expect(sdk(atStart)).toEqual([]);
      expect(tmux(atStart)).toEqual([]);
    } finally {
      host.stop();
    }
  });
});
