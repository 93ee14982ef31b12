// Runs sandboxed, before the page, in an isolated world; built as CommonJS. Exposes exactly
// `{ invoke, subscribe }` — no ipcRenderer, no channel names, no Node — as `window.switchboard`.
// Of the contract it bundles only the zod-free call-frame builder.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { callMessage } from '@switchboard/protocol/wire-call';
import { IPC_CHANNELS } from '../shared/ipc-channels';

let nextId = 1;
const listeners = new Set<(event: unknown) => void>();

ipcRenderer.on(
  IPC_CHANNELS.event,
  (_event: IpcRendererEvent, message: { type?: string; event?: unknown }) => {
    if (message?.type !== 'event') return;
    for (const listener of listeners) listener(message.event);
  },
);

contextBridge.exposeInMainWorld('switchboard', {
  /** Resolves with the wire `result` message; the UI's bridge transport turns errors into SwitchboardError. */
  invoke(name: string, input: unknown): Promise<unknown> {
    return ipcRenderer.invoke(IPC_CHANNELS.invoke, callMessage(nextId++, name, input));
  },
  subscribe(listener: (event: unknown) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
    listeners.add(listener);
    if (listeners.size === 1) ipcRenderer.send(IPC_CHANNELS.subscribe);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) ipcRenderer.send(IPC_CHANNELS.unsubscribe);
    };
  },
});
