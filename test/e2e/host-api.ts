import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import WebSocket from 'ws';
import {
  apiUrl,
  createClient,
  createWebSocketTransport,
  ErrorShape,
  SwitchboardError,
  whenOpen,
  type Client,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type Transport,
} from '@switchboard/protocol';
import type { HostProcess } from './host-process';

/**
 * The host's API from the test process, with the human's token (over the same WebSocket the UI uses) or
 * an agent's (over MCP, the only endpoint that takes an agent token): how a test arranges a fleet, acts
 * as an agent, and checks the backend's side of what the UI did. Both through the contract's typed client.
 */
export class HostApi {
  private constructor(
    private readonly client: Client,
    private readonly closeLink: () => void,
  ) {}

  /** Connects with the human's token, or with an agent's (then every call is that agent's, as an MCP tool call). */
  static async connect(host: HostProcess, token = host.token): Promise<HostApi> {
    if (token !== host.token) return HostApi.connectAgent(host, token);
    const { origin } = new URL(host.uiUrl);
    // The UI's own Origin, as a browser tab would send it.
    class OriginWebSocket extends WebSocket {
      constructor(url: string, protocols: string[]) {
        super(url, protocols, { origin });
      }
    }
    const transport = createWebSocketTransport({
      url: apiUrl(origin),
      token,
      WebSocketImpl: OriginWebSocket,
      reconnect: false,
    });
    await whenOpen(transport, 10_000);
    return new HostApi(createClient(transport), () => transport.close());
  }

  private static async connectAgent(host: HostProcess, token: string): Promise<HostApi> {
    const mcp = new McpClient({ name: 'e2e-agent', version: '1' });
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL(host.mcpUrl), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const transport: Transport = {
      async invoke(name, input) {
        const result = await mcp.callTool({
          name: name.replaceAll('.', '_'),
          arguments: input as Record<string, unknown>,
        });
        const structured = (result.structuredContent ?? {}) as Record<string, unknown>;
        if (!result.isError) return structured;
        const shape = ErrorShape.safeParse(structured['error']);
        throw shape.success
          ? SwitchboardError.fromShape(shape.data)
          : new SwitchboardError('internal', `${name} failed`);
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

/** Each agent's own MCP link (its token, issued by the human on first use), one per agent for the whole spec. */
export class AgentLinks {
  private readonly links = new Map<string, HostApi>();

  constructor(
    private readonly host: () => HostProcess,
    private readonly human: () => HostApi,
  ) {}

  /** The agent's link: what it calls is checked as that agent's. */
  async as(agent: string): Promise<HostApi> {
    let link = this.links.get(agent);
    if (!link) {
      link = await HostApi.connect(
        this.host(),
        (await this.human().call('agent.issueToken', { agent })).token,
      );
      this.links.set(agent, link);
    }
    return link;
  }

  close(): void {
    for (const link of this.links.values()) link.close();
  }
}
