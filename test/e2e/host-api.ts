import WebSocket from 'ws';
import { apiUrl, createClient, createWebSocketTransport, whenOpen, type Client, type CommandInput, type CommandName, type CommandOutput, type Transport } from '@switchboard/protocol';
import type { HostProcess } from './host-process';

/**
 * The host's API from the test process, over the same WebSocket the UI uses, with the human's token or
 * an agent's: how a test arranges a fleet, acts as an agent, and checks the backend's side of what the UI did.
 */
export class HostApi {
  private constructor(private readonly transport: Required<Transport>, private readonly client: Client) {}

  /** Connects with the human's token, or with an agent's (then every call is that agent's). */
  static async connect(host: HostProcess, token = host.token): Promise<HostApi> {
    const { origin } = new URL(host.uiUrl);
    // The UI's own Origin, as a browser tab would send it.
    class OriginWebSocket extends WebSocket {
      constructor(url: string, protocols: string[]) {
        super(url, protocols, { origin });
      }
    }
    const transport = createWebSocketTransport({ url: apiUrl(origin), token, WebSocketImpl: OriginWebSocket, reconnect: false });
    await whenOpen(transport, 10_000);
    return new HostApi(transport, createClient(transport));
  }

  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    return this.client.call(name, input);
  }

  close(): void {
    this.transport.close();
  }
}
