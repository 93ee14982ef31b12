import { SwitchboardError } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../ports/clock';
import type { ScreenSnapshot, TerminalBackend } from '../ports/terminal-backend';
import { redactScreen, type RedactedScreen } from '../recordings/redact-screen';
import { redactSecrets } from '../secrets/redact';
import type { PaneService } from './pane-service';
import { screenFrame } from './screen-frame';
import type { ScreenObserver, ScreenSubscription } from './screen-observer';

/** ~30 frames a second at most per pane: a screen that changes faster is sent as its latest state. */
export const DEFAULT_FRAME_INTERVAL_MS = 33;

interface Mirrored {
  paneId: string;
  agentId: string | null;
  viewers: number;
  frame: number;
  /** The screen the viewers were last sent (redacted); undefined until the first (full) frame. */
  sent: ScreenSnapshot | undefined;
  /** The last screen as read and as redacted: a line that did not change keeps its redaction. */
  redaction: RedactedScreen | undefined;
  forceFull: boolean;
  subscription: ScreenSubscription;
  /** Frames wait until the caller of pane.mirror has had its answer; a screen read before that waits here. */
  answered: boolean;
  held: ScreenSnapshot | undefined;
}

export interface PaneMirrorsDeps {
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  panes: PaneService;
  observer: ScreenObserver;
  frameIntervalMs?: number;
}

/**
 * pane.mirror / pane.unmirror: turns the screens the observer reads into `pane.screen` frames for the
 * panes someone mirrors, and only those (the pane is read at most once per frame interval while
 * mirrored). A frame carries only the rows that changed since the last one, except after a new viewer
 * joined or the backend reconnected (a full frame).
 */
export class PaneMirrors {
  private readonly mirrored = new Map<string, Mirrored>();
  private readonly stop: () => void;
  private readonly interval: number;

  constructor(private readonly deps: PaneMirrorsDeps) {
    this.interval = deps.frameIntervalMs ?? DEFAULT_FRAME_INTERVAL_MS;
    this.stop = deps.backend.onEvent((event) => {
      if (event.type === 'pane.closed') this.drop(event.paneId);
      // The observer reads every observed screen again after a reconnect; that frame is a full one.
      else if (event.type === 'backend.reconnected')
        for (const entry of this.mirrored.values()) entry.forceFull = true;
    });
  }

  /** One more viewer of the pane; the next frame (soon, never synchronously) is a full one. */
  async mirror(target: string): Promise<{ paneId: string; agentId: string | null; viewers: number }> {
    const { paneId, agent } = await this.deps.panes.resolve(target);
    let entry = this.mirrored.get(paneId);
    if (!entry) {
      const created: Mirrored = {
        paneId,
        agentId: agent?.id ?? null,
        viewers: 0,
        frame: 0,
        sent: undefined,
        redaction: undefined,
        forceFull: true,
        subscription: undefined!,
        answered: false,
        held: undefined,
      };
      created.subscription = this.deps.observer.observe(paneId, (screen) => this.produce(created, screen), {
        intervalMs: this.interval,
        styles: true,
        // A pane that vanished mid-read is dropped; other failures wait for more output.
        onError: (error) =>
          error instanceof SwitchboardError && error.code === 'not_found' && this.drop(paneId),
      });
      this.mirrored.set(paneId, created);
      // Through the clock: the answer below reaches the caller before the first frame.
      this.deps.clock.setTimeout(() => {
        created.answered = true;
        if (created.held) this.produce(created, created.held);
      }, 0);
      entry = created;
    } else {
      entry.forceFull = true;
      entry.subscription.refresh();
    }
    entry.viewers += 1;
    entry.agentId = agent?.id ?? entry.agentId;
    return { paneId, agentId: entry.agentId, viewers: entry.viewers };
  }

  /** One viewer fewer; the last one stops the frames. Unknown or already-closed panes answer 0 viewers. */
  unmirror(paneId: string): { paneId: string; viewers: number } {
    const entry = this.mirrored.get(paneId);
    if (!entry) return { paneId, viewers: 0 };
    entry.viewers -= 1;
    if (entry.viewers <= 0) this.drop(paneId);
    return { paneId, viewers: Math.max(0, entry.viewers) };
  }

  /** How many viewers a pane has (0 when nobody mirrors it). */
  viewers(paneId: string): number {
    return this.mirrored.get(paneId)?.viewers ?? 0;
  }

  close(): void {
    this.stop();
    for (const paneId of [...this.mirrored.keys()]) this.drop(paneId);
  }

  private produce(entry: Mirrored, screen: ScreenSnapshot): void {
    if (this.mirrored.get(entry.paneId) !== entry) return;
    if (!entry.answered) return void (entry.held = screen);
    // Redacted line by line as printed: a secret the terminal soft-wrapped is in no single row (the bus's own
    // redaction of each row would let its pieces through).
    const redacted = redactScreen(screen, redactSecrets, entry.redaction);
    entry.redaction = { raw: screen, redacted };
    const body = screenFrame(entry.forceFull ? undefined : entry.sent, redacted);
    if (!body) return;
    entry.forceFull = false;
    entry.sent = redacted;
    entry.frame += 1;
    this.deps.bus.emitTransient({
      type: 'pane.screen',
      paneId: entry.paneId,
      agentId: entry.agentId,
      frame: entry.frame,
      ...body,
    });
  }

  private drop(paneId: string): void {
    const entry = this.mirrored.get(paneId);
    if (!entry) return;
    entry.subscription.stop();
    this.mirrored.delete(paneId);
  }
}
