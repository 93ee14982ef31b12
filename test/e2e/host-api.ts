import WebSocket from 'ws';
import { createClient, SwitchboardError, TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL, type Client, type CommandInput, type CommandName, type CommandOutput, type Transport } from '@switchboard/protocol';
import type { HostProcess } from './host-process';

/**
 * The host's API from the test process, over the same WebSocket the UI uses, with the human's token or
 * an agent's: how a test arranges a fleet, acts as an agent, and checks the backend's side of what the UI did.
 */
export class HostApi {
  private constructor(private readonly socket: WebSocket, private readonly client: Client) {}

  /** Connects with the human's token, or with an agent's (then every call is that agent's). */
  static async connect(host: HostProcess, token = host.token): Promise<HostApi> {
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
    return new HostApi(socket, createClient(transport));
  }

  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    return this.client.call(name, input);
  }

  close(): void {
    this.socket.close();
  }
}
