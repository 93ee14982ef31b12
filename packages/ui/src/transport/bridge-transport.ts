import { ServerMessage, SwitchboardError, SwitchboardEvent } from '@switchboard/protocol';
import type { Transport } from '@switchboard/protocol';

/** What the desktop app's preload exposes as `window.switchboard` (answers are wire `result` messages). */
export interface SwitchboardBridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  subscribe(listener: (event: unknown) => void): () => void;
}

/** The desktop bridge, if this page runs in the Switchboard app. */
export function findBridge(scope: object): SwitchboardBridge | undefined {
  const bridge = (scope as { switchboard?: Partial<SwitchboardBridge> }).switchboard;
  return typeof bridge?.invoke === 'function' && typeof bridge.subscribe === 'function'
    ? (bridge as SwitchboardBridge)
    : undefined;
}

/** The contract over the desktop app's preload bridge; validates what comes back like the WebSocket transport does. */
export function createBridgeTransport(bridge: SwitchboardBridge): Transport {
  return {
    async invoke(name, input) {
      const answer = ServerMessage.safeParse(await bridge.invoke(name, input));
      if (!answer.success || answer.data.type !== 'result')
        throw new SwitchboardError('internal', 'The desktop app answered with an unexpected shape');
      if (!answer.data.ok) throw SwitchboardError.fromShape(answer.data.error);
      return answer.data.output;
    },
    subscribe(listener) {
      return bridge.subscribe((raw) => {
        const event = SwitchboardEvent.safeParse(raw);
        if (event.success) listener(event.data);
      });
    },
  };
}
