import { SwitchboardError } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../ports/clock';
import type { ScreenSnapshot, TerminalBackend } from '../ports/terminal-backend';
import type { PaneService } from './pane-service';
import { screenFrame } from './screen-frame';

/** ~30 frames a second at most per pane: a screen that changes faster is sent as its latest state. */
export const DEFAULT_FRAME_INTERVAL_MS = 33;

interface Mirrored {
  paneId: string;
  agentId: string | null;
  viewers: number;
  frame: number;
  /** The screen the viewers were last sent; undefined until the first (full) frame. */
  sent: ScreenSnapshot | undefined;
  lastFrameAt: number;
  cancelTimer: (() => void) | undefined;
  reading: boolean;
  /** Output arrived while a read was in flight: read once more after it. */
  dirty: boolean;
  forceFull: boolean;
}

export interface PaneMirrorsDeps {
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  panes: PaneService;
  frameIntervalMs?: number;
}

/**
 * pane.mirror / pane.unmirror: turns the backend's "pane printed something" events into `pane.screen`
 * frames for the panes someone mirrors, and only those. Like iTerm2's own API (a screen-update
 * notification, then GetBuffer), the backend says *that* a screen changed and we read *what* it shows,
 * throttled per pane; one read in flight per pane and one more after it if output arrived meanwhile.
 */
export class PaneMirrors {
  private readonly mirrored = new Map<string, Mirrored>();
  private readonly stop: () => void;
  private readonly interval: number;

  constructor(private readonly deps: PaneMirrorsDeps) {
    this.interval = deps.frameIntervalMs ?? DEFAULT_FRAME_INTERVAL_MS;
    this.stop = deps.backend.onEvent((event) => {
      if (event.type === 'pane.output') this.changed(event.paneId);
      else if (event.type === 'pane.closed') this.drop(event.paneId);
      else if (event.type === 'backend.reconnected') for (const entry of this.mirrored.values()) this.resync(entry);
    });
  }

  /** One more viewer of the pane; the next frame (soon, never synchronously) is a full one. */
  async mirror(target: string): Promise<{ paneId: string; agentId: string | null; viewers: number }> {
    const { paneId, agent } = await this.deps.panes.resolve(target);
    let entry = this.mirrored.get(paneId);
    if (!entry) {
      entry = {
        paneId, agentId: agent?.id ?? null, viewers: 0, frame: 0, sent: undefined, lastFrameAt: -Infinity,
        cancelTimer: undefined, reading: false, dirty: false, forceFull: true,
      };
      this.mirrored.set(paneId, entry);
    }
    entry.viewers += 1;
    entry.agentId = agent?.id ?? entry.agentId;
    this.resync(entry);
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

  private resync(entry: Mirrored): void {
    entry.forceFull = true;
    this.changed(entry.paneId);
  }

  private changed(paneId: string): void {
    const entry = this.mirrored.get(paneId);
    if (!entry) return;
    if (entry.reading || entry.cancelTimer) {
      entry.dirty ||= entry.reading;
      return;
    }
    // Always through the clock, even with no wait: the caller of pane.mirror hears back before its first frame.
    const wait = Math.max(0, entry.lastFrameAt + this.interval - this.deps.clock.now());
    entry.cancelTimer = this.deps.clock.setTimeout(() => {
      entry.cancelTimer = undefined;
      void this.produce(entry);
    }, wait);
  }

  private async produce(entry: Mirrored): Promise<void> {
    if (this.mirrored.get(entry.paneId) !== entry) return;
    entry.reading = true;
    entry.dirty = false;
    try {
      const screen = await this.deps.backend.readScreen(entry.paneId);
      if (this.mirrored.get(entry.paneId) !== entry) return;
      const body = screenFrame(entry.forceFull ? undefined : entry.sent, screen);
      if (!body) return;
      entry.forceFull = false;
      entry.sent = screen;
      entry.frame += 1;
      entry.lastFrameAt = this.deps.clock.now();
      this.deps.bus.emitTransient({ type: 'pane.screen', paneId: entry.paneId, agentId: entry.agentId, frame: entry.frame, ...body });
    } catch (error) {
      // A pane that vanished mid-read is dropped when its close event arrives; other failures wait for more output.
      if (error instanceof SwitchboardError && error.code === 'not_found') this.drop(entry.paneId);
    } finally {
      entry.reading = false;
      if (entry.dirty && this.mirrored.get(entry.paneId) === entry) {
        entry.dirty = false;
        this.changed(entry.paneId);
      }
    }
  }

  private drop(paneId: string): void {
    const entry = this.mirrored.get(paneId);
    if (!entry) return;
    entry.cancelTimer?.();
    entry.cancelTimer = undefined;
    this.mirrored.delete(paneId);
  }
}
