import type {
  Agent,
  AgentState,
  Caller,
  CallSignal,
  CommandOutput,
  ParsedInput,
  SwitchboardEvent,
} from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { Clock } from '../ports/clock';
import type { TerminalBackend } from '../ports/terminal-backend';
import { onCallerGone } from '../dispatch/caller-gone';
import { compileLinePattern } from './line-pattern';
import type { OutputTracker } from './output-tracker';
import type { PaneService } from './pane-service';

type WaitResult = CommandOutput<'pane.waitFor'>;

const IDLE_STATES: readonly AgentState[] = ['idle', 'waiting_for_input'];
const DONE_STATES: readonly AgentState[] = ['exited'];
const SUMMARY_LINES = 5;
/**
 * Waits one caller may have running at once. A wait lasts until its timeout (up to 600 s) or its caller leaving (the
 * transport aborts the call's signal, session 23), and a pattern wait tests every new line of its pane: one more than
 * this ends the caller's oldest now, as a timeout ("you can wait again").
 */
export const MAX_WAITS_PER_CALLER = 32;

export interface PaneWaiterDeps {
  panes: PaneService;
  fleet: FleetService;
  backend: TerminalBackend;
  bus: EventBus;
  clock: Clock;
  tracker: OutputTracker;
}

/**
 * wait_for: resolves when the agent reaches the state asked for, or a new line matches the pattern,
 * or the timeout passes (then with a summary of the screen, so the caller can decide to wait again).
 * Driven by events (agent.updated, agent.closed, pane output), never by polling; time from the Clock.
 */
export class PaneWaiter {
  /** Per caller, its running waits' "end now as a timeout", oldest first. */
  private readonly running = new Map<string, Set<() => void>>();

  constructor(private readonly deps: PaneWaiterDeps) {}

  /** `signal` aborts when the caller has gone: the wait ends at once, its listeners and timer removed. */
  async waitFor(
    input: ParsedInput<'pane.waitFor'>,
    caller: Caller,
    signal?: CallSignal,
  ): Promise<WaitResult> {
    const { clock, bus, backend, tracker, fleet } = this.deps;
    const { paneId, agent } = await this.deps.panes.readableTarget(input.target, caller, 'pane.waitFor');
    const started = clock.now();
    const pattern = input.pattern === undefined ? undefined : compileLinePattern(input.pattern);
    const agentId = agent?.id;

    const key = `${caller.kind}:${caller.id}`;
    const mine = this.running.get(key) ?? new Set<() => void>();
    return new Promise<WaitResult>((resolve) => {
      const stops: (() => void)[] = [];
      let settled = false;
      const giveWay = () => finish(false, null);
      const current = (): Agent | undefined =>
        agentId === undefined ? undefined : fleet.repository.findAgent(agentId);
      const finish = (completed: boolean, matchedLine: string | null, paneGone = false) => {
        if (settled) return;
        settled = true;
        stops.forEach((stop) => stop());
        mine.delete(giveWay);
        if (mine.size === 0 && this.running.get(key) === mine) this.running.delete(key);
        // Nobody reads the answer: no screen read for it (over iTerm2, a request to the terminal).
        if (signal?.aborted) return resolve(this.callerLeft(current(), started));
        void this.result(input, paneId, current(), started, completed, matchedLine, paneGone).then(resolve);
      };
      const stateReached = (state: AgentState | undefined, closed: boolean): boolean => {
        if (input.until === 'idle') return state !== undefined && IDLE_STATES.includes(state);
        if (input.until === 'done') return closed || (state !== undefined && DONE_STATES.includes(state));
        return false;
      };

      if (input.until === 'pattern' && pattern) {
        const following = tracker.follow(paneId, (lines) => {
          const hit = lines.find((line) => pattern.test(line));
          if (hit !== undefined) finish(true, hit);
        });
        stops.push(following.stop);
      } else {
        const initial = current();
        if (stateReached(initial?.state, agentId !== undefined && initial === undefined))
          return finish(true, null);
        stops.push(
          bus.subscribe((event: SwitchboardEvent) => {
            if (
              event.type === 'agent.updated' &&
              event.agent.id === agentId &&
              stateReached(event.agent.state, false)
            )
              finish(true, null);
            if (event.type === 'agent.closed' && event.agentId === agentId && stateReached(undefined, true))
              finish(true, null);
          }),
        );
      }
      stops.push(
        backend.onEvent((event) => {
          if (event.type === 'pane.closed' && event.paneId === paneId)
            finish(input.until === 'done', null, true);
        }),
      );
      stops.push(clock.setTimeout(() => finish(false, null), Math.round(input.timeoutSeconds * 1000)));
      if (mine.size >= MAX_WAITS_PER_CALLER) mine.values().next().value?.();
      mine.add(giveWay);
      this.running.set(key, mine);
      stops.push(onCallerGone(signal, giveWay));
    });
  }

  private callerLeft(agent: Agent | undefined, started: number): WaitResult {
    return {
      completed: false,
      timedOut: false,
      elapsedMs: Math.max(0, Math.round(this.deps.clock.now() - started)),
      state: agent?.state ?? null,
      matchedLine: null,
      summary: 'The caller left before the wait ended.',
    };
  }

  private async result(
    input: ParsedInput<'pane.waitFor'>,
    paneId: string,
    agent: Agent | undefined,
    started: number,
    completed: boolean,
    matchedLine: string | null,
    paneGone: boolean,
  ): Promise<WaitResult> {
    const elapsedMs = Math.max(0, Math.round(this.deps.clock.now() - started));
    const lines = paneGone
      ? []
      : await this.deps.panes.readLines(paneId).then(
          (r) => r.lines,
          () => [],
        );
    const recent = lines.filter((line) => line.trim() !== '').slice(-SUMMARY_LINES);
    const who = agent?.name ?? paneId;
    const what = input.until === 'pattern' ? `a line matching /${input.pattern}/` : input.until;
    const summary = completed
      ? `${who}: ${what} reached after ${(elapsedMs / 1000).toFixed(1)}s.`
      : paneGone
        ? `${who}: the pane closed before ${what}.`
        : `${who}: not ${what} after ${(elapsedMs / 1000).toFixed(1)}s (state ${agent?.state ?? 'unknown'}); you can wait again. ` +
          (recent.length ? `Last lines:\n${recent.join('\n')}` : 'The screen is empty.');
    return {
      completed,
      timedOut: !completed && !paneGone,
      elapsedMs,
      state: agent?.state ?? null,
      matchedLine,
      summary,
      ...(input.includeOutput ? { output: lines.slice(-50) } : {}),
    };
  }
}
