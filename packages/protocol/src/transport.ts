import type { SwitchboardEvent } from './events/index';
import type { Caller } from './identity';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

/**
 * How a client reaches the host: over WebSocket (headless), Electron IPC (desktop) or in memory
 * (tests). The caller's identity is fixed by the transport's credentials, never by the payload.
 * `invoke` rejects with a SwitchboardError.
 */
export interface Transport {
  invoke(name: string, input: unknown): Promise<unknown>;
  subscribe(listener: (event: SwitchboardEvent) => void): () => void;
  /** Connection state, for transports that can lose their link. */
  onStatus?(listener: (status: ConnectionStatus) => void): () => void;
  close?(): void;
}

/**
 * How a transport tells core about the call beyond its input. `signal` aborts when the caller has gone (its
 * request or connection closed): a call still waiting (a long-poll, an approval or lock wait, pane.waitFor) ends
 * at once, frees its slot and takes nothing (a message stays unacknowledged for the next receive).
 */
export interface CallOptions {
  signal?: CallSignal;
}

/** What a call reads of an AbortSignal (which has it; the contract names no DOM or Node type). */
export interface CallSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The host side of the contract: what core implements and every transport server dispatches to.
 * Outputs and events come back as `caller`/`viewer` may see them (the contract's audience: an agent
 * sees what concerns it and other agents' public facts); a transport passes the caller its
 * credentials named. `viewer` defaults to the human, who sees everything.
 */
export interface Api {
  invoke(caller: Caller, name: string, input: unknown, options?: CallOptions): Promise<unknown>;
  subscribe(listener: (event: SwitchboardEvent) => void, viewer?: Caller): () => void;
}
