import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { childScript } from '../../../../test/support/compiled-child';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { eventually, RawClient } from './raw-client';
import { stubbornShell } from './stubborn-shell';

const FIXTURE = new URL('../fixtures/sim-with-stubborn-pane.ts', import.meta.url);

/** Pids of live processes whose command line holds `marker`. */
function running(marker: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Waits until no process with `marker` runs; on failure names what is left (pid, session, state, command). */
async function allGone(marker: string) {
  try {
    // The watchdog hangs up at once and kills 0.5 s later; the rest is the machine's load.
    await eventually(() => running(marker).length === 0);
  } catch {
    const left = running(marker).map((pid) => {
      try {
        return execFileSync('ps', ['-o', 'pid=,sid=,stat=,args=', '-p', String(pid)], {
          encoding: 'utf8',
        }).trim();
      } catch {
        return `${pid} (gone)`;
      }
    });
    throw new Error(`still running: ${left.join('; ')}`);
  }
}

/**
 * Pids grouped by their session id (a pane's session: its program's pid). One `ps` for them all, not one per pid at
 * every poll of a wait (with six pids, seven processes started every 20 ms while the test waits on the panes').
 */
function bySession(pids: number[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  if (pids.length === 0) return groups;
  let table: string;
  try {
    table = execFileSync('ps', ['-o', 'pid=,sid=', '-p', pids.join(',')], { encoding: 'utf8' });
  } catch (error) {
    // ps exits 1 when none of them runs any more; what it printed still counts.
    table = String((error as { stdout?: unknown }).stdout ?? '');
  }
  for (const line of table.split('\n')) {
    const [pid, sid] = line.trim().split(/\s+/).map(Number);
    if (pid && sid) groups.set(sid, [...(groups.get(sid) ?? []), pid]);
  }
  return groups;
}

let server: SimServer | undefined;
const leftovers: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  // A failed test must not leave its loops running either.
  for (const marker of leftovers.splice(0)) for (const pid of running(marker)) process.kill(pid, 'SIGKILL');
});

// 60 s for each test, as the embedding-process ones: they wait on real processes to start and to be reaped, and in a
// run of the whole Vitest node project starved like CI (session 22) "panes closed together" took 24.2 s of the 30.
describe('the embedded server ends every process its panes started', { timeout: 60_000 }, () => {
  it('close(): a loop in its own process group that ignores SIGHUP and SIGTERM is gone too', async () => {
    const marker = `reaper-close-${randomUUID()}`;
    leftovers.push(marker);
    server = await startSimServer({ shell: stubbornShell(marker) });
    const client = await RawClient.connect({ port: server.port });
    await client.request({ case: 'createTabRequest', value: {} });
    await eventually(() => running(marker).length >= 2); // the pane's sh and the loop's subshell
    await client.close();
    await server.close();
    server = undefined;
    await allGone(marker);
  });

  it('panes closed together: every process of their sessions is gone, the pane left open keeps its own', async () => {
    const marker = `reaper-together-${randomUUID()}`;
    leftovers.push(marker);
    server = await startSimServer({ shell: stubbornShell(marker) });
    const client = await RawClient.connect({ port: server.port });
    for (let i = 0; i < 3; i++) await client.request({ case: 'createTabRequest', value: {} });
    // Each pane's sh and its loop's subshell (a process group of its own, in the pane's session).
    await eventually(() => bySession(running(marker)).size === 3 && running(marker).length >= 6);
    const [first, second, kept] = server.sessionIds();
    await client.request({
      case: 'closeRequest',
      value: { target: { case: 'sessions', value: { sessionIds: [first!, second!] } }, force: true },
    });
    await eventually(() => bySession(running(marker)).size === 1);
    const [left] = [...bySession(running(marker)).values()];
    expect(left).toHaveLength(2); // the open pane's sh and loop, untouched
    expect(server.sessionIds()).toEqual([kept]);
    await client.close();
    await server.close();
    server = undefined;
    await allGone(marker);
  });

  it.each(['kill', 'throw', 'exit'])(
    'the embedding process ends without closing the server (%s): its panes’ processes are gone',
    async (how) => {
      const marker = `reaper-${how}-${randomUUID()}`;
      leftovers.push(marker);
      const fixture = await childScript(FIXTURE);
      const child = spawn(process.execPath, [...fixture.execArgv, fixture.path, how, marker], {
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      const ended = new Promise<unknown>((resolve) =>
        child.once('exit', (code, signal) => resolve(signal ?? code)),
      );
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await eventually(() => out.includes('ready'), 30_000);
      await eventually(() => running(marker).length >= 2);
      child.stdin.write('end\n'); // only now: it must not end before the loop was seen running
      expect(await ended).toBe(how === 'kill' ? 'SIGKILL' : how === 'throw' ? 1 : 3);
      await allGone(marker);
    },
    60_000,
  );
});
