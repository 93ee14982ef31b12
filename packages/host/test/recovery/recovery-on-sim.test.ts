// Hang detection and recovery with real processes on the embedded iTerm2-API server: a node program
// that prints a spinner once and goes silent (ignoring Ctrl+C), and one that exits.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Agent, type RecoveryLogEntry } from '@switchboard/protocol';
import type { Host } from '../../src/index';
import { screenText, startEmbeddedHost, until } from '../health/support/embedded-stack';
import { quote } from '../support/shell-words';

/** Counts its runs in `counter`; on run `quietRuns` or below prints one spinner frame and hangs (Ctrl+C ignored), later runs stay alive printing. */
const SPINNER = `
const fs = require('node:fs');
const counter = process.argv[2];
const run = (Number(fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8') : '0') || 0) + 1;
fs.writeFileSync(counter, String(run));
process.on('SIGINT', () => undefined);
process.stdout.write('\\u280b crunching, run ' + run + '\\n');
setInterval(() => undefined, 1 << 30);
`;

/** Exits with status 3 on its first run after a moment; later runs stay alive. */
const EXITER = `
const fs = require('node:fs');
const counter = process.argv[2];
const run = (Number(fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8') : '0') || 0) + 1;
fs.writeFileSync(counter, String(run));
process.stdout.write('exiter run ' + run + '\\n');
if (run === 1) setTimeout(() => process.exit(3), 1500);
else setInterval(() => undefined, 1 << 30);
`;

describe('recovery on the embedded iTerm2-API server (real processes)', () => {
  let host: Host | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  const call = <T>(name: string, input: unknown) =>
    host!.orchestrator.invoke(humanCaller, name, input) as Promise<T>;
  const log = async (agentId: string) =>
    (await call<{ entries: RecoveryLogEntry[] }>('recovery.log', { agent: agentId })).entries.reverse();
  const script = (source: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-recovery-sim-'));
    const file = join(dir, 'program.js');
    writeFileSync(file, source);
    return {
      dir,
      counter: join(dir, 'runs'),
      command: (counter: string) => `${quote(process.execPath)} ${quote(file)} ${quote(counter)}`,
    };
  };

  it('a silent spinner → hung → Ctrl+C (ignored) → restarted in the same pane', async () => {
    host = await startEmbeddedHost();
    await call('recovery.configure', {
      hungAfterMs: { kinds: { shell: 2_000 } },
      hungLadder: ['interrupt', 'restart'],
      steps: { interrupt: { attempts: 1, coolDownMs: 500 }, restart: { attempts: 1, coolDownMs: 60_000 } },
      recoveredAfterMs: 60_000,
    });
    const program = script(SPINNER);
    const agent = await call<Agent>('agent.spawn', {
      name: 'spinner',
      kind: 'shell',
      command: program.command(program.counter),
    });
    const paneId = agent.paneId!;
    const describeIt = async () =>
      `state ${JSON.stringify(host!.orchestrator.health.get(agent.id))}; log ${JSON.stringify(await log(agent.id))}; panes ${JSON.stringify(await host!.backend.listPanes())}\n${await host!.backend.readScreen(paneId).then(screenText, String)}`;
    // Hung lasts only until the Ctrl+C echo makes output flow again (a few ms), so wait on the stored
    // history, not on the current state that a loaded machine's polling may never catch.
    const hung = await until(
      () => host!.orchestrator.health.historyOf(agent.id, 50).transitions.find((t) => t.state === 'hung'),
      30_000,
      describeIt,
    );
    expect(hung.signals[0]).toMatchObject({ source: 'output', state: 'hung' });
    await until(
      async () => (await log(agent.id)).some((e) => e.action === 'restart') || undefined,
      30_000,
      describeIt,
    );
    await until(
      async () => /crunching, run 2/.test(screenText(await host!.backend.readScreen(paneId))) || undefined,
      15_000,
      describeIt,
    );
    expect(readFileSync(program.counter, 'utf8')).toBe('2');
    const rows = await log(agent.id);
    expect(rows.map((e) => [e.action, e.outcome])).toEqual([
      ['detected', 'ok'],
      ['interrupt', 'ok'],
      ['restart', 'ok'],
    ]);
    expect(rows[1]!.detail).toBe('pressed Ctrl+C in its pane');
    expect(rows[2]!.detail).toBe('restarted its command in the same pane');
    // Same pane, same agent: restarted in place.
    expect(host.orchestrator.fleet.requireAgent(agent.id).paneId).toBe(paneId);
    expect((await host.backend.listPanes()).filter((p) => p.alive).map((p) => p.id)).toEqual([paneId]);
  }, 90_000);

  it('a process that exits takes its pane along (iTerm2 closes sessions on end) → restarted in a new pane at its place', async () => {
    host = await startEmbeddedHost();
    await call('recovery.configure', {
      exitedLadder: ['restart', 'replace'],
      steps: { restart: { attempts: 1, coolDownMs: 60_000 } },
    });
    const program = script(EXITER);
    const agent = await call<Agent>('agent.spawn', {
      name: 'crasher',
      kind: 'shell',
      command: program.command(program.counter),
    });
    const describeIt = async () =>
      `log ${JSON.stringify(await log(agent.id))}; agent ${JSON.stringify(host!.orchestrator.fleet.requireAgent(agent.id))}`;
    await until(
      async () => (await log(agent.id)).some((e) => e.action === 'restart') || undefined,
      30_000,
      describeIt,
    );
    const rows = await log(agent.id);
    expect(rows.map((e) => [e.action, e.trigger, e.outcome])).toEqual([
      ['detected', 'exited', 'ok'],
      ['restart', 'exited', 'ok'],
    ]);
    expect(rows[1]!.detail).toBe('started again in a new pane at its place (its pane had closed)');
    const restarted = host.orchestrator.fleet.requireAgent(agent.id);
    expect(restarted.paneId).not.toBe(agent.paneId);
    await until(
      async () =>
        /exiter run 2/.test(screenText(await host!.backend.readScreen(restarted.paneId!))) || undefined,
      15_000,
      describeIt,
    );
    await until(
      () => host!.orchestrator.health.get(agent.id).state === 'working' || undefined,
      15_000,
      describeIt,
    );
  }, 90_000);

  it('a pane closed from outside (by hand in the terminal) is left alone, not restarted', async () => {
    host = await startEmbeddedHost();
    await call('recovery.configure', { exitedLadder: ['restart', 'replace'] });
    const agent = await call<Agent>('agent.spawn', {
      name: 'sleeper',
      kind: 'shell',
      command: 'echo sleeping; sleep 600',
    });
    // Running (past start-up) in whatever state its screen reads; a program that printed once may read as idle.
    const state = () => host!.orchestrator.health.get(agent.id).state;
    await until(
      () => !['starting', 'unknown'].includes(state()) || undefined,
      15_000,
      () => `still ${state()}`,
    );
    await host.backend.closePane(agent.paneId!);
    const describeIt = async () => `log ${JSON.stringify(await log(agent.id))}`;
    await until(
      async () => (await log(agent.id)).some((e) => e.outcome === 'skipped') || undefined,
      15_000,
      describeIt,
    );
    const rows = await log(agent.id);
    expect(rows.map((e) => [e.action, e.outcome])).toEqual([
      ['detected', 'ok'],
      ['detected', 'skipped'],
    ]);
    expect(rows[1]!.detail).toMatch(/closed by hand/);
    expect(host.orchestrator.fleet.requireAgent(agent.id)).toMatchObject({ state: 'lost', paneId: null });
    expect((await host.backend.listPanes()).length).toBe(0);
  }, 60_000);

  it('a process that exits → exited → replaced in the same team, with its un-acknowledged messages', async () => {
    host = await startEmbeddedHost();
    await call('recovery.configure', {
      exitedLadder: ['replace'],
      steps: { replace: { attempts: 1, coolDownMs: 60_000 } },
    });
    await call('team.create', { name: 'blue' });
    const program = script(EXITER);
    const agent = await call<Agent>('agent.spawn', {
      name: 'exiter',
      kind: 'shell',
      role: 'tester',
      team: 'blue',
      command: program.command(program.counter),
    });
    await call('message.send', {
      to: { agent: 'exiter' },
      body: 'please run the smoke tests',
      typeIntoPane: 'never',
    });
    const describeIt = async () =>
      `log ${JSON.stringify(await log(agent.id))}; agents ${JSON.stringify(host!.orchestrator.fleet.listAgents().map((a) => [a.name, a.state]))}`;
    await until(
      async () => (await log(agent.id)).some((e) => e.action === 'replace') || undefined,
      30_000,
      describeIt,
    );
    const replacement = host.orchestrator.fleet.requireAgent('exiter-r2');
    expect(replacement).toMatchObject({
      kind: 'shell',
      role: 'tester',
      teamId: host.orchestrator.fleet.requireTeam('blue').id,
      command: agent.command,
    });
    expect(host.orchestrator.fleet.repository.findAgent(agent.id)).toBeUndefined();
    const rows = await log(agent.id);
    expect(rows.map((e) => [e.action, e.trigger, e.outcome])).toEqual([
      ['detected', 'exited', 'ok'],
      ['replace', 'exited', 'ok'],
    ]);
    expect(rows[1]!.detail).toMatch(
      /^replaced by exiter-r2 .*; 1 un-acknowledged message\(s\) re-delivered$/,
    );
    const inbox = (await host.orchestrator.invoke(
      { kind: 'agent', id: replacement.id },
      'message.receive',
      {},
    )) as { messages: { body: string }[] };
    expect(inbox.messages.map((m) => m.body)).toEqual(['please run the smoke tests']);
    await until(
      async () =>
        /exiter run 2/.test(screenText(await host!.backend.readScreen(replacement.paneId!))) || undefined,
      15_000,
      describeIt,
    );
  }, 90_000);
});
