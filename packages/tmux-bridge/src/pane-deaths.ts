import type { BackendEvent } from '@switchboard/core';

/**
 * How the tmux backend tells a program that ended by itself from a pane killed by hand. Our session's
 * windows keep `remain-on-exit on` (REMAIN_ON_EXIT_HOOKS), so a pane whose program ends stays, dead, with
 * its exit status; a subscription to every pane's `pane_dead` (checked by tmux once a second) reports it,
 * and the backend then reports the end and closes the pane itself. A pane killed by hand (`kill-pane`)
 * never goes dead: it just vanishes.
 */

/** The subscription's name: `refresh-client -B` with DEATH_SUBSCRIPTION_SPEC. */
export const DEATH_SUBSCRIPTION = 'switchboard-deaths';
/** Every pane of the session (`%*`): dead or not, and the exit status or signal when dead. */
export const DEATH_SUBSCRIPTION_SPEC = `${DEATH_SUBSCRIPTION}:%*:#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}`;

/** Keeps the panes of the window `target` names when their program ends. */
export const remainOnExit = (target: string) => `set-option -w -t ${target} remain-on-exit on`;

/**
 * Session hooks that set remain-on-exit on every new window and split (ours or a person's) in the same pass
 * of tmux's command queue as the creation, so even `exit 0` at once leaves a dead pane with its status.
 */
export const REMAIN_ON_EXIT_HOOKS = ['after-new-window', 'after-split-window'].map(
  (hook) => `${hook} "set-option -w remain-on-exit on"`,
);

export type PaneDeath = Extract<BackendEvent, { type: 'pane.exited' }>;

/** How long a dead pane whose process tmux has not reaped waits for its status before its end goes without one. */
export const STATUS_WAIT_MS = 2_500;

/**
 * The end a `%subscription-changed` line reports (its rest: `switchboard-deaths $S @W I %P : 1:3:`), with
 * the exit status unless a signal ended it; undefined for another subscription or a live pane. `reaped`
 * is false while tmux knows neither status nor signal: it marks a pane dead when its pty closes and
 * learns the status when it reaps the process, usually by its next check (`1::`, then `1:0:` or `1::15`),
 * but under load seen stuck at `1::` for good (tmux 3.3a): the backend waits STATUS_WAIT_MS for it.
 */
export function paneDeathOf(rest: string): { event: PaneDeath; reaped: boolean } | undefined {
  if (!rest.startsWith(`${DEATH_SUBSCRIPTION} `)) return undefined;
  const split = rest.indexOf(' : ');
  if (split < 0) return undefined;
  const paneId = rest.slice(0, split).split(' ')[4];
  const [dead, status, signal] = rest.slice(split + 3).split(':');
  if (dead !== '1' || !paneId?.startsWith('%')) return undefined;
  const event: PaneDeath = { type: 'pane.exited', paneId, endedByItself: true };
  if (status && /^\d+$/.test(status)) event.exitStatus = Number(status);
  return { event, reaped: Boolean(status || signal) };
}

/**
 * Hands each end a death line reports to `end`: at once when reaped, else after `waitMs` for the status (one wait per
 * pane: a later line replaces it, a reaped one ends it now). The waits are unref'd (an end waiting for its status
 * never keeps the process alive) and `close` drops them all: a closed backend runs nothing later.
 */
export class PaneEnds {
  private readonly waits = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly end: (death: PaneDeath) => void,
    private readonly waitMs = STATUS_WAIT_MS,
  ) {}

  report({ event, reaped }: { event: PaneDeath; reaped: boolean }): void {
    this.forget(event.paneId);
    if (reaped) return this.end(event);
    const wait = setTimeout(() => {
      this.waits.delete(event.paneId);
      this.end(event);
    }, this.waitMs);
    wait.unref();
    this.waits.set(event.paneId, wait);
  }

  /** The pane's end no longer comes from its wait: it closed, or runs again (respawned). */
  forget(paneId: string): void {
    clearTimeout(this.waits.get(paneId));
    this.waits.delete(paneId);
  }

  close(): void {
    for (const wait of this.waits.values()) clearTimeout(wait);
    this.waits.clear();
  }
}
