import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import WebSocket from 'ws';
import {
  createClient, ErrorShape, SwitchboardError, TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL, type Client, type CommandInput, type CommandName, type CommandOutput, type Transport,
} from '@switchboard/protocol';
import type { HostProcess } from './host-process';

/**
 * The host's API from the test process, with the human's token (over the same WebSocket the UI uses) or
 * an agent's (over MCP, the only endpoint that takes an agent token): how a test arranges a fleet, acts
 * as an agent, and checks the backend's side of what the UI did. Both through the contract's typed client.
 */
export class HostApi {
  private constructor(private readonly client: Client, private readonly closeLink: () => void) {}

  /** Connects with the human's token, or with an agent's (then every call is that agent's, as an MCP tool call). */
  static async connect(host: HostProcess, token = host.token): Promise<HostApi> {
    if (token !== host.token) return HostApi.connectAgent(host, token);
    const url = new URL(host.uiUrl);
    const socket = new WebSocket(`ws://${url.host}/api`, [WIRE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + token], { origin: url.origin });
    const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
    let nextId = 1;
    await new Promise((resolve, reject) => {
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; id?: number; ok?: boolean; output?: unknown; error?: { code: 'internal'; message: string } };
        if (message.type === 'hello') resolve(undefined);
        if (message.type !== 'result' || message.id === undefined) return;
        const call = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) call?.resolve(message.output);
        else call?.reject(SwitchboardError.fromShape(message.error!));
      });
      socket.once('error', reject);
    });
    const transport: Transport = {
      invoke: (name, input) =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          pending.set(id, { resolve, reject });
          socket.send(JSON.stringify({ type: 'call', id, name, input }));
        }),
      subscribe: () => () => undefined,
    };
    return new HostApi(createClient(transport), () => socket.close());
  }

  private static async connectAgent(host: HostProcess, token: string): Promise<HostApi> {
    const mcp = new McpClient({ name: 'e2e-agent', version: '1' });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(host.mcpUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    const transport: Transport = {
      async invoke(name, input) {
        const result = await mcp.callTool({ name: name.replaceAll('.', '_'), arguments: input as Record<string, unknown> });
        const structured = (result.structuredContent ?? {}) as Record<string, unknown>;
        if (!result.isError) return structured;
        const shape = ErrorShape.safeParse(structured['error']);
        throw shape.success ? SwitchboardError.fromShape(shape.data) : new SwitchboardError('internal', `${name} failed`);
      },
      subscribe: () => () => undefined,
    };
    return new HostApi(createClient(transport), () => void mcp.close());
  }

  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    return this.client.call(name, input);
  }

  close(): void {
    this.closeLink();
  }
}
