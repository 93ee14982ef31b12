import type { HeartbeatSource } from '@switchboard/protocol';
import type { BackendEvent, ScreenSnapshot } from '../ports/terminal-backend';
import { CUSTOM_SEQUENCE_IDENTITY, STATE_VARIABLE, parseDeclaredState } from './declared-state';
import { closedFromOutside } from './early-ends';
import type { Watch } from './health-watch';

/** The exit detail of an agent whose pane was closed while its process ran. */
export const PANE_CLOSED = 'pane closed while its process ran';

type PaneEvent = Extract<BackendEvent, { paneId: string }>;

/**
 * Folds one backend event about a watched pane into its evidence. Returns false when the event says
 * nothing new about the agent's state (nothing to re-decide): also output while output was already
 * flowing (within `outputRecentMs`), which only moves the end of the window — the re-decision when it
 * ends is already timed (nextDueAt) and finds the latest output; the screen read the output causes
 * re-decides too. At 10 screen updates/s a pane was re-decided ten times a second for that alone.
 * `closedByHand` is told when the pane was closed from outside rather than by its process ending.
 */
export function applyPaneEvent(
  watch: Watch,
  event: PaneEvent,
  now: number,
  outputRecentMs: number,
  closedByHand: (agentId: string) => void,
): boolean {
  const evidence = watch.evidence;
  switch (event.type) {
    case 'pane.output': {
      const flowing = evidence.lastOutputAt !== undefined && now - evidence.lastOutputAt < outputRecentMs;
      evidence.lastOutputAt = now;
      watch.rate.record(now);
      return !flowing;
    }
    case 'pane.prompt':
      if (event.phase === 'prompt')
        evidence.prompt = { phase: 'prompt', lastExitStatus: evidence.prompt?.lastExitStatus, at: now };
      else if (event.phase === 'command.started')
        evidence.prompt = { phase: 'running', lastExitStatus: undefined, at: now };
      else
        evidence.prompt = {
          phase: evidence.prompt?.phase ?? 'running',
          lastExitStatus: event.exitStatus ?? 0,
          at: now,
        };
      return true;
    case 'pane.escape': {
      if (event.identity !== CUSTOM_SEQUENCE_IDENTITY) return false;
      const state = parseDeclaredState(event.payload);
      if (!state) return false;
      evidence.declared = { state, detail: 'declared by an OSC 1337 custom escape sequence', at: now };
      return true;
    }
    case 'variable.changed': {
      if (event.name !== STATE_VARIABLE) return false;
      const state = parseDeclaredState(event.value);
      if (state) evidence.declared = { state, detail: `declared in ${STATE_VARIABLE}`, at: now };
      else delete evidence.declared;
      return true;
    }
    case 'pane.exited':
      evidence.alive = false;
      watch.terminations++;
      if (event.endedByItself) watch.endedByItself = true;
      if (event.exitStatus !== undefined)
        evidence.exitDetail = `process ended with status ${event.exitStatus}`;
      return true;
    case 'pane.closed':
      // Closed while its process still ran: someone closed the pane (recovery leaves that alone).
      if (
        closedFromOutside({
          alive: evidence.alive,
          terminations: watch.terminations,
          endedByItself: !!watch.endedByItself,
        })
      ) {
        if (evidence.alive) evidence.exitDetail = PANE_CLOSED;
        closedByHand(watch.agent.id);
      }
      evidence.alive = false;
      return true;
    default:
      return false;
  }
}

/**
 * A starting agent's program that printed before its watch began (a spawn's bookkeeping can outlast a
 * quick `echo`) raised no output event here: a screen with text stands in for that output, once, so the
 * agent leaves `starting` like one whose output came a moment later.
 */
export function printedBeforeWatch(watch: Watch, screen: ScreenSnapshot, now: number): void {
  if (watch.evidence.lastOutputAt !== undefined || watch.tracker.current.state !== 'starting') return;
  if (screen.lines.some((line) => line.trim() !== '')) watch.evidence.lastOutputAt = now;
}

/** What a pane event beats the agent's heartbeat as; none for the pane ending. */
export function heartbeatSourceOf(event: PaneEvent): HeartbeatSource | undefined {
  if (event.type === 'pane.exited' || event.type === 'pane.closed') return undefined;
  return event.type === 'pane.output' ? 'output' : event.type === 'pane.prompt' ? 'prompt_mark' : 'state';
}
