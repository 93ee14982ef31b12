// Runs sandboxed, before the page, in an isolated world; built as CommonJS. Exposes exactly
// `{ invoke, subscribe }` — no ipcRenderer, no channel names, no Node — as `window.switchboard`.
// Of the contract it bundles only the zod-free call-frame builder and listener set.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { Emitter } from '@switchboard/protocol/emitter';
import { callMessage } from '@switchboard/protocol/wire-call';
import { IPC_CHANNELS } from '../shared/ipc-channels';

let nextId = 1;
// A listener's throw is the page console's error line (the renderer's log); the other listeners still get the event.
const listeners = new Emitter<unknown>((err, event) => {
  const type = (event as { type?: unknown } | null)?.type;
  console.error('a listener threw', {
    component: 'preload',
    event: typeof type === 'string' ? type.slice(0, 100) : 'event',
    err,
  });
});

ipcRenderer.on(
  IPC_CHANNELS.event,
  (_event: IpcRendererEvent, message: { type?: string; event?: unknown }) => {
    if (message?.type !== 'event') return;
    listeners.emit(message.event);
  },
);

contextBridge.exposeInMainWorld('switchboard', {
  /** Resolves with the wire `result` message; the UI's bridge transport turns errors into SwitchboardError. */
  invoke(name: string, input: unknown): Promise<unknown> {
    return ipcRenderer.invoke(IPC_CHANNELS.invoke, callMessage(nextId++, name, input));
  },
  subscribe(listener: (event: unknown) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
    const off = listeners.on(listener);
    if (listeners.size === 1) ipcRenderer.send(IPC_CHANNELS.subscribe);
    return () => {
      off();
      if (listeners.size === 0) ipcRenderer.send(IPC_CHANNELS.unsubscribe);
    };
  },
});
