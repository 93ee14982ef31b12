import type { IPty } from 'node-pty';
import { afterEach, describe, expect, it } from 'vitest';
import xtermHeadless from '@xterm/headless';
import { AppModel } from '../../src/sim/app-model';
import type { ModelObserver } from '../../src/sim/model-types';
import { ParseQueue } from '../../src/sim/parse-queue';
import { LONGEST_WAIT_MS, QUIET_MS } from '../../src/sim/dispose-when-quiet';
import { SimSession, type SessionSink } from '../../src/sim/session';

/** The screen's text, rows joined (trailing blanks trimmed). */
function screenText(session: SimSession): string {
  const buffer = session.term.buffer.active;
  const rows: string[] = [];
  for (let y = 0; y < buffer.length; y++) rows.push(buffer.getLine(y)?.translateToString(true) ?? '');
  return rows.join('\n').trimEnd();
}

const sessions: SimSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

/** A session running `command`; `exited` hears the screen as it is when the exit is reported, `failed` its failures. */
function running(
  command: string,
  exited: (screen: string) => void,
  failed: SessionSink['failed'] = (_, doing, error) => {
    throw new Error(`unexpected failure ${doing}`, { cause: error });
  },
): SimSession {
  const sink: SessionSink = {
    screenChanged: () => undefined,
    customEscape: () => undefined,
    variableChanged: () => undefined,
    prompt: () => undefined,
    processExited: (session) => exited(screenText(session)),
    failed,
  };
  const session = sessionOf({ 'Custom Command': 'Yes', Command: command }, sink);
  session.start();
  return session;
}

/** A 80×5 session of `/bin/sh` (or the profile's command), not started, closed after the test. */
function sessionOf(profile: Record<string, string>, sink: SessionSink): SimSession {
  const session = new SimSession({
    profile,
    overrides: {},
    cols: 80,
    rows: 5,
    location: 'w0t0p0',
    shell: { file: '/bin/sh', args: [] },
    sink,
  });
  sessions.push(session);
  return session;
}

/** A session whose program never started: only its terminal to tear down. */
function unstarted(): SimSession {
  const quiet = () => undefined;
  const sink: SessionSink = {
    screenChanged: quiet,
    customEscape: quiet,
    variableChanged: quiet,
    prompt: quiet,
    processExited: quiet,
    failed: (_, doing) => {
      throw new Error(`unexpected failure ${doing}`);
    },
  };
  return sessionOf({}, sink);
}

/** Counts each session's terminal teardown, as the number of closes made by then. */
function countTeardowns(closing: SimSession[], closes: () => number): number[] {
  const at: number[] = [];
  for (const session of closing) {
    const dispose = session.term.dispose.bind(session.term);
    session.term.dispose = () => {
      at.push(closes());
      dispose();
    };
  }
  return at;
}

/** Resolves after the teardown batch of the closes made so far has run (timers never fire early). */
const quietPassed = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS + 20));

/** node-pty's own exit event, heard after the session's listener (registered at start). */
const ptyExit = (session: SimSession) =>
  new Promise<void>((resolve) => (session as unknown as { pty: IPty }).pty.onExit(() => resolve()));

describe('a pane process exit (embedded server)', () => {
  it('is reported in the same turn as node-pty reports it when the screen already shows all output', async () => {
    const reported: string[] = [];
    // The output is parsed long before the exit: nothing is left for the terminal to parse when the process ends.
    const session = running("printf 'last words'; sleep 0.3", (screen) => reported.push(screen));
    const reportedAtPtyExit = ptyExit(session).then(() => reported.length);
    // Before, the report waited for an empty write's callback (a timer of xterm's): 0 here.
    expect(await reportedAtPtyExit).toBe(1);
    expect(reported[0]).toContain('last words');
  });

  it('ends the pty without formatting the stack of its last read’s EIO, which node-pty drops', async () => {
    const formatted: string[] = [];
    const previous = Error.prepareStackTrace;
    // V8 calls this the first time an error's `stack` is read: each call is one stack formatted.
    Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
      formatted.push((error as NodeJS.ErrnoException).code ?? error.message);
      return previous ? previous(error, frames) : `${error.name}: ${error.message}`;
    };
    try {
      const exited = Array.from({ length: 3 }, () => {
        let reported!: () => void;
        const heard = new Promise<void>((resolve) => (reported = resolve));
        running('exit 0', () => reported());
        return heard;
      });
      await Promise.all(exited);
    } finally {
      Error.prepareStackTrace = previous;
    }
    // Before, Node's stream destroy read each pty's `read EIO` stack: ['EIO', 'EIO', 'EIO'].
    expect(formatted).toEqual([]);
  });
});

describe('closing a pane whose process exited (embedded server)', () => {
  it('does not signal the exited process, whose pid node-pty has reaped already', async () => {
    const session = running('exit 0', () => undefined);
    const pty = (session as unknown as { pty: IPty }).pty;
    const signals: (string | undefined)[] = [];
    const kill = pty.kill.bind(pty);
    pty.kill = (signal?: string) => {
      signals.push(signal);
      kill(signal);
    };
    await ptyExit(session);
    session.dispose();
    // Before, every closed pane sent SIGHUP to its leader's pid, gone or reused: one signal here.
    expect(signals).toEqual([]);
  });

  it('tears the terminals of panes closing over several turns down in one batch once the closes stop', async () => {
    const closing = Array.from({ length: 20 }, unstarted);
    let closes = 0;
    const tornAt = countTeardowns(closing, () => closes);
    // A fleet exiting together: its panes close over a few event-loop turns, a few at a time.
    for (const session of closing) {
      session.dispose();
      closes++;
      if (closes % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    // Before, each turn's closed terminals were torn down after that turn, between the next closes (4 per turn).
    expect(tornAt).toEqual([]);
    await quietPassed();
    expect(tornAt).toEqual(closing.map(() => 20));
  });

  it('tears the waiting terminals down while panes keep closing, LONGEST_WAIT_MS after the first', async () => {
    // Closes QUIET_MS / 4 apart for 1.2 times the longest wait: never quiet, so only the bound lets the first ones go.
    // A starved test process can wake QUIET_MS late or more: then the closes had a quiet gap after all (all 48 torn
    // down before the last close, seen in a loaded run), and the round is run again, up to five times.
    for (let round = 1; ; round++) {
      const closing = Array.from({ length: Math.ceil((1.2 * LONGEST_WAIT_MS) / (QUIET_MS / 4)) }, unstarted);
      let closes = 0;
      const tornAt = countTeardowns(closing, () => closes);
      let longestGap = 0;
      let closedAt = performance.now();
      for (const session of closing) {
        longestGap = Math.max(longestGap, performance.now() - closedAt);
        closedAt = performance.now();
        session.dispose();
        closes++;
        await new Promise((resolve) => setTimeout(resolve, QUIET_MS / 4));
      }
      const beforeQuiet = tornAt.length;
      await quietPassed();
      if (longestGap >= QUIET_MS && round < 5) continue;
      expect(beforeQuiet).toBeGreaterThan(0);
      expect(beforeQuiet).toBeLessThan(closing.length);
      expect(tornAt.length).toBe(closing.length);
      return;
    }
  });

  it('contains a teardown that throws: reported as that pane’s failure, the other panes of the turn still torn down', async () => {
    const failures: { session: SimSession; doing: string; error: unknown }[] = [];
    const closing = Array.from({ length: 3 }, () =>
      running(
        'sleep 30',
        () => undefined,
        (session, doing, error) => failures.push({ session, doing, error }),
      ),
    );
    const torn: SimSession[] = [];
    const broken = new Error('xterm could not let go');
    for (const session of closing) {
      const dispose = session.term.dispose.bind(session.term);
      session.term.dispose = () => {
        if (session === closing[0]) throw broken;
        torn.push(session);
        dispose();
      };
    }
    for (const session of closing) session.dispose();
    // Before, the throw escaped the deferred batch (an uncaught exception after the turn) and the other two stayed up.
    await quietPassed();
    expect(torn).toEqual(closing.slice(1));
    expect(failures).toEqual([{ session: closing[0], doing: 'tearing down its terminal', error: broken }]);
  });

  it('the app model words it as the server answers a failed request, with the session, and carries on', async () => {
    const quiet = () => undefined;
    const observer: ModelObserver = {
      sessionCreated: quiet,
      sessionTerminated: quiet,
      layoutChanged: quiet,
      focusChanged: quiet,
      screenChanged: quiet,
      customEscape: quiet,
      variableChanged: quiet,
      prompt: quiet,
    };
    const reported: string[] = [];
    const model = new AppModel(observer, { file: '/bin/sh', args: [] }, (message) => reported.push(message));
    const [first, second] = [model.createWindow().session, model.createWindow().session];
    first.term.dispose = () => {
      throw new Error('xterm could not let go');
    };
    model.closeSession(first.id);
    model.closeSession(second.id);
    await quietPassed();
    expect(reported).toEqual([
      `Internal error: session ${first.id}: tearing down its terminal: xterm could not let go`,
    ]);
    expect(model.allSessions()).toEqual([]);
    model.dispose();
  });
});

describe('ParseQueue (what the exit report waits on)', () => {
  const terminal = () => new xtermHeadless.Terminal({ cols: 40, rows: 3, allowProposedApi: true });
  const firstRow = (term: InstanceType<typeof xtermHeadless.Terminal>) =>
    term.buffer.active.getLine(0)?.translateToString(true) ?? '';

  it('waits for writes xterm has not parsed yet, then runs with them on the screen', async () => {
    const term = terminal();
    const queue = new ParseQueue(term);
    queue.write('still parsing');
    const seen: string[] = [];
    const ran = new Promise<void>((resolve) =>
      queue.whenParsed(() => {
        seen.push(firstRow(term));
        resolve();
      }),
    );
    expect(seen).toEqual([]); // xterm parses on a timer: not yet
    await ran;
    expect(seen).toEqual(['still parsing']);
    term.dispose();
  });

  it('runs at once when everything written is on the screen', async () => {
    const term = terminal();
    const queue = new ParseQueue(term);
    await new Promise<void>((resolve) => queue.write('done', resolve));
    let ran = false;
    queue.whenParsed(() => (ran = true));
    expect(ran).toBe(true);
    term.dispose();
  });
});
