import { describe, expect, it, vi } from 'vitest';
import {
  NAMED_KEYS,
  humanCaller,
  type Caller,
  type SwitchboardError,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import {
  AGENT_VARIABLE,
  createMemoryBackend,
  createOrchestrator,
  systemClock,
  type Clock,
} from '../../src/index';
import { keyBytes } from '../../src/panes/pane-keys';
import { FakeClock } from '../../src/testing/index';

async function setup(clock: Clock = systemClock) {
  const backend = createMemoryBackend();
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend, clock });
  const events: SwitchboardEvent[] = [];
  orchestrator.subscribe((e) => events.push(e));
  await orchestrator.invoke(humanCaller, 'team.create', { name: 'web' });
  const a = await orchestrator.fleet.spawn({ name: 'alpha', kind: 'shell', role: 'builder', team: 'web' });
  const b = await orchestrator.fleet.spawn({ name: 'beta', kind: 'shell', role: 'custom' });
  const asAgent = (id: string): Caller => ({ kind: 'agent', id });
  const call = <T = Record<string, unknown>>(name: string, input: unknown, caller: Caller = humanCaller) =>
    orchestrator.invoke(caller, name, input) as Promise<T>;
  const failure = (name: string, input: unknown, caller: Caller = humanCaller) =>
    call(name, input, caller).then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => e as SwitchboardError,
    );
  return { backend, orchestrator, events, call, failure, alpha: a.agent, beta: b.agent, as: asAgent };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('pane.list', () => {
  it('lists panes with their agents and filters them', async () => {
    const { call, backend, alpha, beta } = await setup();
    const loose = await backend.createPane({});
    const all = await call<{ panes: { id: string; agentName: string | null }[] }>('pane.list', {});
    expect(all.panes.map((p) => p.agentName).sort()).toEqual(['alpha', 'beta', null].sort());
    expect(
      (await call<{ panes: { id: string }[] }>('pane.list', { team: 'web' })).panes.map((p) => p.id),
    ).toEqual([alpha.paneId]);
    expect(
      (await call<{ panes: { id: string }[] }>('pane.list', { role: 'custom' })).panes.map((p) => p.id),
    ).toEqual([beta.paneId]);
    expect((await call<{ panes: unknown[] }>('pane.list', { agentsOnly: true })).panes).toHaveLength(2);
    expect(
      (await call<{ panes: { id: string }[] }>('pane.list', { titleMatches: '^shell$' })).panes.map(
        (p) => p.id,
      ),
    ).toEqual([loose.id]);
  });

  it('shows an agent the titles of only the panes it may read, and matches titleMatches against those alone', async () => {
    const { call, backend, alpha, beta, as } = await setup();
    const loose = await backend.createPane({});
    await backend.setAppearance(loose.id, { title: 'root@prod-db: ~/payroll' });
    await backend.setAppearance(beta.paneId!, { title: 'beta: fixing the payroll export' });
    type Listed = { panes: { id: string; title: string; agentName: string | null }[] };
    const titles = (listed: Listed) => Object.fromEntries(listed.panes.map((p) => [p.id, p.title]));
    // A builder may not read others' panes: it still sees them (to address peers), not their titles.
    const asBuilder = await call<Listed>('pane.list', {}, as(alpha.id));
    expect(asBuilder.panes).toHaveLength(3);
    expect(titles(asBuilder)).toEqual({ [alpha.paneId!]: 'alpha', [beta.paneId!]: '', [loose.id]: '' });
    expect((await call<Listed>('pane.list', { titleMatches: 'payroll' }, as(alpha.id))).panes).toEqual([]);
    // The human, and a role that may read other panes, see every title.
    expect(titles(await call<Listed>('pane.list', {}))[loose.id]).toBe('root@prod-db: ~/payroll');
    await call('role.update', { name: 'builder', canReadOtherPanes: true });
    const reader = await call<Listed>('pane.list', { titleMatches: 'payroll' }, as(alpha.id));
    expect(reader.panes.map((p) => p.id).sort()).toEqual([beta.paneId, loose.id].sort());
  });
});

describe('pane.read', () => {
  it('reads several targets by agent name or pane id, filters lines by regex and keeps the last N', async () => {
    const { call, backend, alpha, beta } = await setup();
    await backend.sendText(alpha.paneId!, 'one\nERROR two\nthree\nERROR four\n');
    await backend.sendText(beta.paneId!, 'hello\n');
    const read = await call<{
      screens: { target: string; paneId: string; agentId: string; lines: string[]; totalLines: number }[];
    }>('pane.read', {
      targets: ['alpha', beta.paneId],
      filter: '^ERROR',
      lines: 1,
    });
    expect(read.screens[0]).toMatchObject({
      target: 'alpha',
      paneId: alpha.paneId,
      agentId: alpha.id,
      lines: ['ERROR four'],
      totalLines: 4,
    });
    expect(read.screens[1]).toMatchObject({ agentId: beta.id, lines: [] });
    const plain = await call<{ screens: { lines: string[] }[] }>('pane.read', { targets: ['beta'] });
    expect(plain.screens[0]!.lines).toEqual(['hello']);
  });

  it("defaults to the caller's own pane; a human must name targets", async () => {
    const { call, failure, backend, alpha, as } = await setup();
    await backend.sendText(alpha.paneId!, 'mine\n');
    expect(
      (await call<{ screens: { lines: string[] }[] }>('pane.read', {}, as(alpha.id))).screens[0]!.lines,
    ).toEqual(['mine']);
    expect((await failure('pane.read', {})).code).toBe('invalid_input');
  });

  it('refuses unknown targets and bad regexes with typed errors', async () => {
    const { failure } = await setup();
    expect((await failure('pane.read', { targets: ['ghost'] })).code).toBe('not_found');
    expect((await failure('pane.read', { targets: ['alpha'], filter: '(' })).code).toBe('invalid_input');
    expect((await failure('pane.read', { targets: [] })).code).toBe('invalid_input');
  });
});

describe('pane.send and pane.keys', () => {
  it('types text, presses Enter separately and confirms the screen changed', async () => {
    const { call, backend, alpha, beta } = await setup();
    const sent: string[] = [];
    const original = backend.sendText.bind(backend);
    backend.sendText = async (paneId, text) => {
      sent.push(`${paneId}:${JSON.stringify(text)}`);
      return original(paneId, text);
    };
    const result = await call<{ results: { submitted: boolean; confirmed: boolean }[] }>('pane.send', {
      targets: ['alpha', 'beta'],
      text: 'echo hi',
    });
    expect(result.results).toEqual([
      { target: 'alpha', paneId: alpha.paneId, submitted: true, confirmed: true },
      { target: 'beta', paneId: beta.paneId, submitted: true, confirmed: true },
    ]);
    expect(sent.filter((s) => s.startsWith(`${alpha.paneId}:`))).toEqual([
      `${alpha.paneId}:"echo hi"`,
      `${alpha.paneId}:"\\r"`,
    ]);
    const typed = await call<{ results: { submitted: boolean }[] }>('pane.send', {
      targets: ['alpha'],
      text: 'draft',
      submit: false,
    });
    expect(typed.results[0]!.submitted).toBe(false);
    expect((await backend.readScreen(alpha.paneId!)).lines).toEqual(['echo hi', 'draft']);
  });

  it('reports an unconfirmed submit when the screen does not react', async () => {
    const { call, backend } = await setup();
    const original = backend.sendText.bind(backend);
    backend.sendText = async (paneId, text) => (text === '\r' ? undefined : original(paneId, text));
    const result = await call<{ results: { confirmed: boolean }[] }>('pane.send', {
      targets: ['alpha'],
      text: 'x',
      confirmTimeoutMs: 120,
    });
    expect(result.results[0]!.confirmed).toBe(false);
  });

  it('audits what an agent typed, but only how much the human typed (a password at a prompt looks like any text)', async () => {
    const { call, orchestrator, beta, as } = await setup();
    // Writing into another agent's pane needs pane.write.others; the human grants it to the role here.
    await call('role.update', { name: 'custom', canWriteOtherPanes: true });
    // The agent first: once the human types, automated input to the pane pauses (take control).
    await call('pane.send', { targets: ['alpha'], text: 'make test', submit: false }, as(beta.id));
    await call('pane.send', { targets: ['alpha'], text: 'hunter2', submit: false });
    const entries = orchestrator.audit.list({ action: 'pane.send' });
    expect(JSON.stringify(entries)).not.toContain('hunter2');
    expect(entries.map((e) => (e.details as { input: { text: string } }).input.text)).toEqual([
      'make test',
      '[7 characters typed by the human, not logged]',
    ]);
  });

  it('sends nothing when any target is unknown', async () => {
    const { failure, backend, alpha } = await setup();
    expect((await failure('pane.send', { targets: ['alpha', 'ghost'], text: 'rm -rf /' })).code).toBe(
      'not_found',
    );
    expect((await backend.readScreen(alpha.paneId!)).lines).toEqual([]);
  });

  it('refuses to type into a pane another agent holds a lease on', async () => {
    const { call, failure, backend, alpha, beta, as } = await setup();
    await call('role.update', { name: 'custom', canWriteOtherPanes: true });
    await call(
      'lock.acquire',
      { resource: { kind: 'pane', name: alpha.paneId }, ttlMs: 60_000 },
      as(beta.id),
    );
    const refused = await failure('pane.send', { targets: ['alpha'], text: 'mine now' }, as(alpha.id));
    expect(refused.code).toBe('locked');
    expect((await failure('pane.keys', { targets: ['alpha'], keys: ['ctrl+c'] }, as(alpha.id))).code).toBe(
      'locked',
    );
    expect((await backend.readScreen(alpha.paneId!)).lines).toEqual([]);
    await call('pane.send', { targets: ['alpha'], text: 'holder may', submit: false }, as(beta.id));
    expect((await backend.readScreen(alpha.paneId!)).lines).toEqual(['holder may']);
  });

  it('translates named keys and control characters', async () => {
    const { call, backend, alpha } = await setup();
    expect(keyBytes('ctrl+c')).toBe('\x03');
    expect(keyBytes('ctrl+[')).toBe('\x1b');
    expect(keyBytes('up')).toBe('\x1b[A');
    expect(keyBytes('pagedown')).toBe('\x1b[6~');
    for (const key of NAMED_KEYS) expect(keyBytes(key), key).toMatch(/^[\s\S]+$/);
    expect(() => keyBytes('ctrl-c')).toThrow();
    const result = await call<{ results: { sent: number }[] }>('pane.keys', {
      targets: ['alpha'],
      keys: ['ctrl+c', 'escape'],
    });
    expect(result.results[0]!.sent).toBe(2);
    expect((await backend.readScreen(alpha.paneId!)).lines).toEqual(['\x03\x1b']);
  });

  it('refuses unknown key names', async () => {
    const { failure } = await setup();
    expect((await failure('pane.keys', { targets: ['alpha'], keys: ['ctrl+shift+x'] })).code).toBe(
      'invalid_input',
    );
  });
});

describe('focus, appearance, user variables', () => {
  it("focuses, decorates and keeps variables, guarding Switchboard's own", async () => {
    const { call, failure, backend, alpha, events } = await setup();
    const focused: string[] = [];
    backend.onEvent((e) => e.type === 'pane.focused' && focused.push(e.paneId));
    await call('pane.focus', { target: 'alpha' });
    expect(focused).toEqual([alpha.paneId]);
    await call('pane.setAppearance', { target: 'alpha', badge: 'building\nstep 2', title: 'alpha: build' });
    expect((await backend.listPanes()).find((p) => p.id === alpha.paneId)!.title).toBe('alpha: build');
    expect((await failure('pane.setAppearance', { target: 'alpha', title: 'evil\x1b]0;x\x07' })).code).toBe(
      'invalid_input',
    );
    expect((await failure('pane.setAppearance', { target: 'alpha' })).code).toBe('invalid_input');
    await call('pane.setVariable', { target: 'alpha', name: 'project', value: 'web' });
    expect(await call('pane.getVariable', { target: 'alpha', name: 'project' })).toEqual({
      paneId: alpha.paneId,
      name: 'project',
      value: 'web',
    });
    expect(await call('pane.getVariable', { target: 'alpha', name: 'nothing' })).toMatchObject({
      value: null,
    });
    const before = events.length;
    expect(
      (
        await failure('pane.setVariable', {
          target: 'alpha',
          name: 'switchboardAgent',
          value: 'someone-else',
        })
      ).code,
    ).toBe('forbidden');
    expect(await backend.getVariable(alpha.paneId!, AGENT_VARIABLE)).toBe(alpha.id);
    expect((await failure('pane.setVariable', { target: 'alpha', name: 'a.b', value: 'x' })).code).toBe(
      'invalid_input',
    );
    expect(events.length).toBe(before);
  });
});

describe('pane.waitFor', () => {
  it('completes when a new line matches the pattern', async () => {
    const { call, backend, alpha } = await setup();
    await backend.sendText(alpha.paneId!, 'tests passed (old run)\n');
    const waiting = call<{ completed: boolean; matchedLine: string }>('pane.waitFor', {
      target: 'alpha',
      until: 'pattern',
      pattern: 'tests (passed|failed)',
      timeoutSeconds: 5,
    });
    await tick();
    await tick();
    await backend.sendText(alpha.paneId!, 'running\ntests failed: 2\n');
    expect(await waiting).toMatchObject({ completed: true, timedOut: false, matchedLine: 'tests failed: 2' });
  });

  it('times out on the fake clock with a summary of the screen', async () => {
    const clock = new FakeClock();
    const { call, backend, alpha } = await setup(clock);
    await backend.sendText(alpha.paneId!, 'compiling…\nstill compiling\n');
    const waiting = call<{ completed: boolean; timedOut: boolean; elapsedMs: number; summary: string }>(
      'pane.waitFor',
      { target: 'alpha', until: 'idle', timeoutSeconds: 30 },
    );
    await tick();
    clock.advance(30_000);
    const result = await waiting;
    expect(result).toMatchObject({ completed: false, timedOut: true, elapsedMs: 30_000, state: 'working' }); // output flowed, so state detection (issue 10) says working
    expect(result.summary).toContain('still compiling');
    expect(result.summary).toContain('wait again');
  });

  it('completes "done" when the agent closes', async () => {
    const clock = new FakeClock();
    const { call, beta } = await setup(clock);
    const waiting = call<{ completed: boolean }>('pane.waitFor', {
      target: beta.id,
      until: 'done',
      timeoutSeconds: 30,
    });
    await tick();
    await call('agent.close', { agent: 'beta' });
    expect(await waiting).toMatchObject({ completed: true, timedOut: false });
  });

  it('needs a pattern for until "pattern"', async () => {
    const { failure } = await setup();
    expect((await failure('pane.waitFor', { target: 'alpha', until: 'pattern' })).code).toBe('invalid_input');
  });
});

describe('pane.watch', () => {
  it('notifies the watching agent of matching new lines, and the human when asked', async () => {
    const { call, backend, alpha, beta, as, events } = await setup();
    // Watching another agent's pane needs pane.read.others; the human grants it to beta's role here.
    await call('role.update', { name: 'custom', canReadOtherPanes: true });
    const watch = await call<{ id: string; notifyAgentId: string }>(
      'pane.watch',
      { target: 'alpha', pattern: 'ERROR', label: 'alpha errors' },
      as(beta.id),
    );
    expect(watch.notifyAgentId).toBe(beta.id);
    await call('pane.watch', { target: 'alpha', pattern: 'DONE', notify: 'human', once: true }, as(beta.id));
    await backend.sendText(alpha.paneId!, 'ok\nERROR disk full\nDONE\n');
    // The screen observer reads the change within its throttle interval.
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'pane.matched')).toHaveLength(2));
    const matched = events.filter((e) => e.type === 'pane.matched');
    expect(matched).toEqual([
      expect.objectContaining({
        watchId: watch.id,
        notifyAgentId: beta.id,
        line: 'ERROR disk full',
        label: 'alpha errors',
      }),
      expect.objectContaining({ notifyAgentId: null, line: 'DONE' }),
    ]);
    expect(events.find((e) => e.type === 'human.notified')).toMatchObject({
      notification: { summary: expect.stringContaining('DONE') },
    });
    const listed = await call<{ watches: { id: string }[] }>('pane.watches', {}, as(beta.id));
    expect(listed.watches.map((w) => w.id)).toEqual([watch.id]);
    // The match also waits in beta's inbox, for when beta was not connected to hear the push.
    const inbox = await call<{ messages: { kind: string; body: string; correlationId: string }[] }>(
      'message.receive',
      {},
      as(beta.id),
    );
    expect(inbox.messages).toEqual([
      expect.objectContaining({
        kind: 'event',
        correlationId: watch.id,
        body: expect.stringContaining('ERROR disk full'),
      }),
    ]);
  });

  it('lets only its owner or notified agent remove a watch; watches end with their pane', async () => {
    const { call, failure, orchestrator, alpha, beta, as } = await setup();
    const watch = await call<{ id: string }>('pane.watch', { target: 'beta', pattern: 'x' }, as(beta.id));
    expect((await failure('pane.unwatch', { watchId: watch.id }, as(alpha.id))).code).toBe('not_found');
    expect((await call<{ watches: unknown[] }>('pane.watches', {})).watches).toHaveLength(1);
    const other = await call<{ id: string }>('pane.watch', { target: 'alpha', pattern: 'y' });
    await orchestrator.invoke(humanCaller, 'agent.close', { agent: 'alpha' });
    expect((await call<{ watches: { id: string }[] }>('pane.watches', {})).watches.map((w) => w.id)).toEqual([
      watch.id,
    ]);
    expect(other.id).toBeTruthy();
    expect(await call('pane.unwatch', { watchId: watch.id }, as(beta.id))).toEqual({ watchId: watch.id });
  });

  it("ends the watches an agent set on other panes when that agent closes (its pane's own end with the pane)", async () => {
    const { call, orchestrator, beta, as, events } = await setup();
    await call('role.update', { name: 'custom', canReadOtherPanes: true });
    const watch = await call<{ id: string }>('pane.watch', { target: 'alpha', pattern: 'x' }, as(beta.id));
    await orchestrator.invoke(humanCaller, 'agent.close', { agent: 'beta' });
    expect((await call<{ watches: unknown[] }>('pane.watches', {})).watches).toEqual([]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'pane.watch_removed', watchId: watch.id }));
  });
});

describe('human.notify and agent.whoami', () => {
  it('records a notification from the calling agent and announces it', async () => {
    const { call, alpha, as, events } = await setup();
    const note = await call(
      'human.notify',
      { level: 'blocked', summary: 'need the staging password' },
      as(alpha.id),
    );
    expect(note).toMatchObject({ fromAgentId: alpha.id, level: 'blocked' });
    expect(events.at(-1)).toMatchObject({ type: 'human.notified' });
  });

  it('tells an agent who it is and what it may call', async () => {
    const { call, alpha, as } = await setup();
    const me = await call<{ caller: Caller; agent: { name: string }; role: string; commands: string[] }>(
      'agent.whoami',
      {},
      as(alpha.id),
    );
    expect(me).toMatchObject({
      caller: { kind: 'agent', id: alpha.id },
      agent: { name: 'alpha' },
      role: 'builder',
    });
    expect(me.commands).toContain('pane.read');
    expect(me.commands).not.toContain('fleet.snapshot');
    const human = await call<{ role: string; commands: string[] }>('agent.whoami', {});
    expect(human.role).toBe('human');
    expect(human.commands).toContain('fleet.snapshot');
  });
});
