import {
  ClientMessage,
  SwitchboardError,
  commands,
  humanCaller,
  invalidInput,
  isCommandName,
  toSwitchboardError,
} from '@switchboard/protocol';
import type { Api, Caller, ServerMessage, SwitchboardEvent } from '@switchboard/protocol';
import { isTrustedSender, type SenderFrame } from './security';
import type { WindowScreens } from './window-screens';

type ResultMessage = Extract<ServerMessage, { type: 'result' }>;

export interface IpcHandlerOptions {
  api: Api;
  /** Who the window acts as; the person at the desktop. */
  caller?: Caller;
  /** Which frames may call; the app's own top frame by default. */
  isTrusted?: (frame: SenderFrame | null | undefined) => boolean;
  /** Per-window pane.mirror bookkeeping; calls then carry the sender's window id. */
  screens?: WindowScreens;
}

/**
 * The one handler behind `ipcMain.handle`: refuses frames other than the app's, parses the message
 * and the command's input with the contract, dispatches with the human's identity, and always
 * answers with a wire `result` (never throws: Electron would flatten a thrown error to a string).
 */
export function createIpcHandler(
  options: IpcHandlerOptions,
): (frame: SenderFrame | null | undefined, message: unknown, windowId?: number) => Promise<ResultMessage> {
  const caller = options.caller ?? humanCaller;
  const isTrusted = options.isTrusted ?? isTrustedSender;
  return async (frame, message, windowId) => {
    const id = callId(message);
    const fail = (error: SwitchboardError): ResultMessage => ({
      type: 'result',
      id,
      ok: false,
      error: error.toShape(),
    });
    if (!isTrusted(frame))
      return fail(new SwitchboardError('forbidden', 'Calls are accepted only from the Switchboard window'));
    const parsed = ClientMessage.safeParse(message);
    if (!parsed.success) return fail(invalidInput('message', parsed.error));
    const { name, input } = parsed.data;
    if (!isCommandName(name)) return fail(new SwitchboardError('not_found', `Unknown command "${name}"`));
    const checked = commands[name].input.safeParse(input);
    if (!checked.success) return fail(invalidInput(`input for ${name}`, checked.error));
    try {
      const output =
        options.screens && windowId !== undefined
          ? await options.screens.of(windowId).invoke(name, input)
          : await options.api.invoke(caller, name, input);
      return { type: 'result', id, ok: true, output };
    } catch (error) {
      return fail(toSwitchboardError(error));
    }
  };
}

function callId(message: unknown): number {
  if (typeof message !== 'object' || message === null) return 0;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : 0;
}

/** A window events are sent to (`webContents` in main; a fake in tests). */
export interface EventTarget {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, message: ServerMessage): void;
}

/**
 * Forwards the host's events to the windows that subscribed (from a trusted frame). One host
 * subscription per window; a destroyed window is dropped on the next event.
 */
export class EventForwarder {
  private readonly subscriptions = new Map<number, () => void>();

  constructor(
    private readonly api: Pick<Api, 'subscribe'>,
    private readonly channel: string,
    private readonly isTrusted: (frame: SenderFrame | null | undefined) => boolean = isTrustedSender,
    /** When given, a window gets pane.screen frames only of the panes it mirrors. */
    private readonly screens?: WindowScreens,
  ) {}

  /** Starts forwarding to `target`; false (and nothing forwarded) if the frame is not the app's. */
  subscribe(frame: SenderFrame | null | undefined, target: EventTarget): boolean {
    if (!this.isTrusted(frame)) return false;
    if (this.subscriptions.has(target.id)) return true;
    const send = (event: SwitchboardEvent) =>
      void (target.isDestroyed() || target.send(this.channel, { type: 'event', event }));
    this.screens?.attach(target.id, send);
    const unsubscribe = this.api.subscribe((event: SwitchboardEvent) => {
      if (target.isDestroyed()) return this.unsubscribe(target.id);
      if (this.screens) this.screens.offer(target.id, event);
      else send(event);
    });
    this.subscriptions.set(target.id, unsubscribe);
    return true;
  }

  unsubscribe(targetId: number): void {
    this.subscriptions.get(targetId)?.();
    this.screens?.detach(targetId);
    this.subscriptions.delete(targetId);
  }

  get size(): number {
    return this.subscriptions.size;
  }

  close(): void {
    for (const id of [...this.subscriptions.keys()]) this.unsubscribe(id);
  }
}
