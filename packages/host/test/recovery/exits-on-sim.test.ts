// Programs that end on purpose, on the embedded iTerm2-API server with real processes and the default recovery
// policy: shells told `exit` all at once, and a program that finishes its work and exits 0. Each is reported
// (`exited`, and still `exited` once iTerm2 closes its pane) and left alone: no restart, no replacement, no new pane.
// And the one end that is ours, not the program's: a hung program that dies on the ladder's Ctrl+C.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { humanCaller, type Agent, type RecoveryLogEntry } from '@switchboard/protocol';
import { EXIT_GRACE_MS } from '@switchboard/core';
import type { Host } from '../../src/index';
import { hostAndModelPerTest, sleep, startEmbeddedHost, until } from '../health/support/embedded-stack';
import { quote } from '../support/shell-words';

/** A quiet bash with OSC 133 marks, as the state-detection bench's exit leg runs. */
const OSC_BASH = `env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color PS1='\\[\\e]133;D;$?\\a\\e]133;A\\a\\]$ \\[\\e]133;B\\a\\]' PS0='\\e]133;C\\a' bash --norc --noprofile`;

/** Counts its runs in `counter`, prints, and exits 0 a moment later: a CLI whose task is done. */
const FINISHER = `
const fs = require('node:fs');
const counter = process.argv[2];
const run = (Number(fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8') : '0') || 0) + 1;
fs.writeFileSync(counter, String(run));
process.stdout.write('finisher run ' + run + ', done\\n');
setTimeout(() => process.exit(0), 1000);
`;

/** Counts its runs; on its first prints one spinner frame and goes silent, dying on Ctrl+C; later runs print on. */
const DIES_ON_CTRL_C = `
const fs = require('node:fs');
const counter = process.argv[2];
const run = (Number(fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8') : '0') || 0) + 1;
fs.writeFileSync(counter, String(run));
process.stdout.write('\\u280b crunching, run ' + run + '\\n');
if (run === 1) setInterval(() => undefined, 1 << 30);
else setInterval(() => process.stdout.write('.'), 200);
`;

describe('programs that end on purpose are left alone (embedded server, real processes, default policy)', () => {
  const live = hostAndModelPerTest();
  let host: Host;
  beforeEach(async () => {
    host = live.host = await startEmbeddedHost();
  });

  const call = <T>(name: string, input: unknown) =>
    host.orchestrator.invoke(humanCaller, name, input) as Promise<T>;
  const rows = async () =>
    (await call<{ entries: RecoveryLogEntry[] }>('recovery.log', { limit: 1000 })).entries.reverse();
  const livePanes = async () => (await host.backend.listPanes()).filter((p) => p.alive).length;
  /** A `custom` agent running `source` with node; the file where the program counts its runs. */
  const spawnProgram = async (name: string, source: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-exits-on-sim-'));
    const file = join(dir, `${name}.js`);
    const counter = join(dir, 'runs');
    writeFileSync(file, source);
    const command = `${quote(process.execPath)} ${quote(file)} ${quote(counter)}`;
    return { counter, agent: await call<Agent>('agent.spawn', { name, kind: 'custom', command }) };
  };
  const describeIt = async () => `log ${JSON.stringify(await rows())}; live panes ${await livePanes()}`;

  it('sixteen shells told `exit` at the same moment: each reported once, none revived', async () => {
    const agents: Agent[] = [];
    for (let i = 0; i < 16; i++) {
      // A team each: a window of its own.
      await call('team.create', { name: `t${i}` });
      agents.push(
        await call<Agent>('agent.spawn', { name: `sh${i}`, kind: 'shell', command: OSC_BASH, team: `t${i}` }),
      );
    }
    const state = (agent: Agent) => host.orchestrator.health.get(agent.id).state;
    await until(
      () => agents.every((a) => state(a) === 'idle') || undefined,
      60_000,
      () => agents.map(state).join(' '),
    );
    await Promise.all(agents.map((agent) => host.backend.sendText(agent.paneId!, 'exit\r')));
    // The durable fact: one recovery-log row per agent (written as each exit is decided).
    await until(async () => (await rows()).length >= agents.length || undefined, 30_000, describeIt);
    // Past the exit's grace, when the code before began restarting them (10 at once, the rate bucket's burst).
    await sleep(EXIT_GRACE_MS + 1_500);
    const log = await rows();
    expect(log.map((e) => `${e.agentName}:${e.action}:${e.trigger}:${e.outcome}`).sort()).toEqual(
      agents.map((a) => `${a.name}:detected:exited:skipped`).sort(),
    );
    expect(await livePanes()).toBe(0);
    for (const agent of agents)
      expect(host.orchestrator.fleet.requireAgent(agent.id)).toMatchObject({ state: 'exited', paneId: null });
  }, 120_000);

  it('a program that finishes and exits 0, on its own: reported, left alone, never run again', async () => {
    const { agent, counter } = await spawnProgram('finisher', FINISHER);
    await until(async () => (await rows()).length > 0 || undefined, 30_000, describeIt);
    await sleep(EXIT_GRACE_MS + 1_500);
    const log = await rows();
    expect(log.map((e) => [e.action, e.trigger, e.outcome])).toEqual([['detected', 'exited', 'skipped']]);
    expect(log[0]!.detail).toMatch(/left alone, the policy has no exited ladder/);
    expect(readFileSync(counter, 'utf8')).toBe('1');
    expect(host.orchestrator.fleet.requireAgent(agent.id)).toMatchObject({ state: 'exited', paneId: null });
    expect(await livePanes()).toBe(0);
    // Restoring the fleet brings back what was lost, not what ended; asked for, the exited too.
    expect(await call('fleet.restore', {})).toEqual({ restored: [], failed: [] });
    expect(readFileSync(counter, 'utf8')).toBe('1');
    const asked = await call<{ restored: Agent[] }>('fleet.restore', { includeExited: true });
    expect(asked.restored.map((a) => a.name)).toEqual(['finisher']);
    await until(() => readFileSync(counter, 'utf8') === '2' || undefined, 30_000, describeIt);
  }, 60_000);

  it('a hung program that our Ctrl+C ends is not left dead: the hung ladder restarts it in a new pane', async () => {
    await call('recovery.configure', {
      hungAfterMs: { kinds: { custom: 2_000 } },
      hungLadder: ['interrupt', 'restart'],
      steps: { interrupt: { attempts: 2, coolDownMs: 30_000 }, restart: { attempts: 1, coolDownMs: 60_000 } },
    });
    const { agent, counter } = await spawnProgram('dies', DIES_ON_CTRL_C);
    await until(
      async () => (await rows()).some((e) => e.action === 'restart') || undefined,
      60_000,
      describeIt,
    );
    await until(() => readFileSync(counter, 'utf8') === '2' || undefined, 15_000, describeIt);
    const log = await rows();
    expect(log.map((e) => `${e.action}:${e.trigger}:${e.outcome}`)).toEqual([
      'detected:hung:ok',
      'interrupt:hung:ok',
      'detected:hung:ok',
      'restart:hung:ok',
    ]);
    expect(log[2]!.detail).toMatch(/our Ctrl\+C ended the program/);
    expect(host.orchestrator.fleet.requireAgent(agent.id).paneId).not.toBe(agent.paneId);
  }, 90_000);
});
