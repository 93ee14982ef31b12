import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  KEY_BYTES,
  humanCaller,
  type CommandInput,
  type RecoveryLogEntry,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import { createOrchestrator, type KeyName, type Orchestrator, type TerminalBackend } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { scriptedBackend, settle } from '../health/scripted-backend';

/** Short, distinct numbers so a test reads as a timeline. */
export const HUNG_AFTER = 1_000;

/**
 * An orchestrator on the scripted memory backend and a fake clock, with the terminal actions recorded
 * (keys pressed, panes restarted) and a recovery policy tuned for tests.
 */
export async function setupRecovery(
  options: {
    databasePath?: string;
    dataDir?: string;
    policy?: CommandInput<'recovery.configure'>;
    /** Keys pressed in a pane end its program (a program that dies on Ctrl+C): the terminal reports the exit. */
    keysEndProgram?: boolean;
    onClosePane?: (paneId: string) => void;
  } = {},
) {
  const clock = new FakeClock();
  const scripted = scriptedBackend();
  const keys: { paneId: string; keys: KeyName[] }[] = [];
  const restarted: string[] = [];
  const typed: { paneId: string; text: string }[] = [];
  const backend: TerminalBackend = {
    ...scripted.backend,
    async sendText(paneId, text) {
      // The input gate writes each key as its own write of the contract's bytes: Ctrl+C is the key recovery presses.
      if (text === KEY_BYTES['ctrl+c']) keys.push({ paneId, keys: ['ctrl+c'] });
      else typed.push({ paneId, text });
      await scripted.backend.sendText(paneId, text);
      if (text === KEY_BYTES['ctrl+c'] && options.keysEndProgram)
        scripted.emit({ type: 'pane.exited', paneId });
    },
    async closePane(paneId) {
      // What a real terminal reports when a pane is closed under a running process: the process ends first.
      options.onClosePane?.(paneId);
      await scripted.backend.closePane(paneId);
    },
    async restartPane(paneId) {
      restarted.push(paneId);
      await scripted.backend.restartPane(paneId);
    },
  };
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sb-recovery-'));
  const orchestrator: Orchestrator = createOrchestrator({
    databasePath: options.databasePath ?? ':memory:',
    backend,
    clock,
    dataDir,
  });
  const events: SwitchboardEvent[] = [];
  orchestrator.subscribe((event) => events.push(event));
  const call = <T = unknown>(name: string, input: unknown) =>
    orchestrator.invoke(humanCaller, name, input) as Promise<T>;
  const { hungAfterMs, ...rest } = options.policy ?? {};
  await call('recovery.configure', {
    hungAfterMs: {
      default: HUNG_AFTER,
      kinds: {
        shell: HUNG_AFTER,
        claude: HUNG_AFTER,
        codex: HUNG_AFTER,
        gemini: HUNG_AFTER,
        custom: HUNG_AFTER,
      },
      ...hungAfterMs,
    },
    steps: {
      nudge: { attempts: 1, coolDownMs: 5_000 },
      interrupt: { attempts: 2, coolDownMs: 5_000 },
      restart: { attempts: 1, coolDownMs: 5_000 },
      replace: { attempts: 1, coolDownMs: 5_000 },
      escalate: { attempts: 1, coolDownMs: 5_000 },
    },
    globalRate: { perMinute: 600, burst: 100 },
    breaker: { maxFailures: 50, windowMs: 3_600_000 },
    recoveredAfterMs: 30_000,
    ...rest,
  });

  /** Moves time in 50 ms steps, letting promise callbacks (screen reads, actions) run in between. */
  const step = async (ms: number) => {
    for (let left = ms; left > 0; left -= 50) {
      clock.advance(Math.min(50, left));
      await settle();
    }
  };
  /** A shell agent whose pane runs a command (OSC 133 "command started"): `working` until it goes quiet too long. */
  const working = async (name: string) => {
    const { agent } = await orchestrator.fleet.spawn({ name, kind: 'shell', role: 'builder' });
    await settle();
    scripted.emit({ type: 'pane.prompt', paneId: agent.paneId!, phase: 'command.started' });
    await step(500);
    return orchestrator.fleet.requireAgent(agent.id);
  };
  /** Steps 50 ms at a time until `check` holds (at most `limitMs`); the clock then stands where it first held. */
  const stepUntil = async (check: () => boolean, limitMs = 10_000) => {
    for (let waited = 0; !check(); waited += 50) {
      if (waited >= limitMs) throw new Error(`not reached within ${limitMs} ms`);
      await step(50);
    }
  };
  const log = async (agent?: string) =>
    (
      await call<{ entries: RecoveryLogEntry[] }>(
        'recovery.log',
        agent ? { agent, limit: 1000 } : { limit: 1000 },
      )
    ).entries.reverse();
  const actions = async (agent?: string) =>
    (await log(agent)).map((e) => (e.outcome === 'ok' ? e.action : `${e.action}:${e.outcome}`));
  const state = (agent: string) => orchestrator.health.get(agent).state;
  /** What iTerm2 reports when a process ends by itself and its pane closes with it ("close sessions on end"): two exits, then the pane closes. */
  const endsByItself = async (paneId: string) => {
    scripted.emit({ type: 'pane.exited', paneId });
    scripted.emit({ type: 'pane.exited', paneId });
    await orchestrator.fleet.idle();
    await scripted.backend.closePane(paneId);
  };
  return {
    clock,
    scripted,
    orchestrator,
    events,
    call,
    step,
    stepUntil,
    working,
    log,
    actions,
    state,
    endsByItself,
    keys,
    restarted,
    typed,
    dataDir,
  };
}
