import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  humanCaller,
  type AttentionItem,
  type AttentionSettings,
  type EventOf,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import {
  DEFAULT_ATTENTION_OPTIONS,
  DEFAULT_TIMINGS,
  createOrchestrator,
  type Occurrence,
  type Orchestrator,
} from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { scriptedBackend, settle } from '../health/scripted-backend';

const COOLDOWN = DEFAULT_ATTENTION_OPTIONS.cooldownMs;

describe('attention: de-duplicated, rate-limited, grouped notifications (fake clock)', () => {
  const open: Orchestrator[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) await o.close();
  });

  async function setup(databasePath = ':memory:', clock = new FakeClock()) {
    const scripted = scriptedBackend();
    const orchestrator = createOrchestrator({ databasePath, backend: scripted.backend, clock });
    open.push(orchestrator);
    const events: SwitchboardEvent[] = [];
    orchestrator.subscribe((e) => events.push(e));
    const step = async (ms: number) => {
      for (let left = ms; left > 0; left -= 10) {
        clock.advance(Math.min(10, left));
        await settle();
      }
    };
    const of = <T extends SwitchboardEvent['type']>(type: T) =>
      events.filter((e): e is EventOf<T> => e.type === type);
    const raised = () => of('attention.raised').map((e) => e.item);
    const human = (name: string, input: unknown = {}) => orchestrator.invoke(humanCaller, name, input);
    const spawn = async (name: string, kind: 'shell' | 'claude' = 'shell', team?: string) =>
      (await orchestrator.fleet.spawn({ name, kind, role: 'builder', ...(team ? { team } : {}) })).agent;
    const occurrence = (
      agentId: string | null,
      kind: Occurrence['kind'] = 'waiting_for_input',
    ): Occurrence => ({
      kind,
      severity: 'warning',
      agentId,
      title: `${agentId} ${kind}`,
      body: 'b',
      approvalId: null,
    });
    return { orchestrator, clock, scripted, events, step, of, raised, human, spawn, occurrence };
  }

  it('one open item per agent and kind: repeats fold into it within the cool-down and raise it again after', async () => {
    const { orchestrator, clock, raised, spawn, occurrence } = await setup();
    const a = await spawn('a');
    const first = orchestrator.attention.notify(occurrence(a.id))!;
    clock.advance(1000);
    const again = orchestrator.attention.notify(occurrence(a.id))!;
    expect(again.id).toBe(first.id);
    expect(again.occurrences).toBe(2);
    expect(raised()).toHaveLength(1);
    clock.advance(COOLDOWN);
    orchestrator.attention.notify(occurrence(a.id));
    expect(raised().map((i) => [i.id, i.occurrences])).toEqual([
      [first.id, 1],
      [first.id, 3],
    ]);
  });

  it("other kinds and other agents are not held back by one agent's cool-down", async () => {
    const { orchestrator, raised, spawn, occurrence } = await setup();
    const a = await spawn('a');
    const b = await spawn('b');
    orchestrator.attention.notify(occurrence(a.id));
    orchestrator.attention.notify(occurrence(a.id, 'error'));
    orchestrator.attention.notify(occurrence(b.id));
    expect(raised().map((i) => [i.agentName, i.kind])).toEqual([
      ['a', 'waiting_for_input'],
      ['a', 'error'],
      ['b', 'waiting_for_input'],
    ]);
  });

  it('a flapping agent (waiting ↔ working through real state detection) raises once per cool-down, not once per flap', async () => {
    const { orchestrator, scripted, step, raised, of, spawn } = await setup();
    const a = await spawn('flapper');
    const paneId = a.paneId!;
    const waiting = ['$ ./ask.sh', 'Continue? '];
    const working = ['$ ./ask.sh', 'step 1', 'step 2', ''];
    const flap = async () => {
      scripted.show(paneId, waiting, { x: 10, y: 1 });
      await step(DEFAULT_TIMINGS.debounceMs + 200);
      for (let i = 0; i < 10; i++) {
        scripted.show(paneId, [...working, `step ${i}`, ''], { x: 0, y: working.length + 1 });
        await step(100);
      }
      await step(DEFAULT_TIMINGS.debounceMs + 200);
    };
    for (let i = 0; i < 10; i++) await flap();
    const flaps = of('health.state_changed').filter((e) => e.health.state === 'waiting_for_input').length;
    expect(flaps).toBeGreaterThanOrEqual(8);
    expect(raised().filter((i) => i.kind === 'waiting_for_input')).toHaveLength(1);
    expect(orchestrator.attention.list({ includeClosed: true, limit: 10 }).items[0]!.occurrences).toBe(flaps);
    // Waiting again within the cool-down: not announced, yet the agent has its open item (seen: 6 waiting askers, 5 items).
    scripted.show(paneId, waiting, { x: 10, y: 1 });
    await step(DEFAULT_TIMINGS.debounceMs + 200);
    expect(orchestrator.health.get(a.id).state).toBe('waiting_for_input');
    expect(raised().filter((i) => i.kind === 'waiting_for_input')).toHaveLength(1);
    const openNow = orchestrator.attention.list({ includeClosed: false, limit: 10 }).items;
    expect(openNow.map((i) => [i.agentId, i.kind, i.occurrences])).toEqual([
      [a.id, 'waiting_for_input', flaps + 1],
    ]);
    expect(of('attention.updated').at(-1)!.item).toMatchObject({ id: openNow[0]!.id, status: 'open' });
    scripted.show(paneId, [...working, 'step x', ''], { x: 0, y: working.length + 1 });
    await step(DEFAULT_TIMINGS.debounceMs + 200);
    const elapsed =
      10 * (2 * (DEFAULT_TIMINGS.debounceMs + 200) + 1000) + 2 * (DEFAULT_TIMINGS.debounceMs + 200);
    await step(COOLDOWN - elapsed + 100);
    await flap();
    expect(raised().filter((i) => i.kind === 'waiting_for_input')).toHaveLength(2);
  });

  it('leaving the state resolves the item; working → idle is "finished"; closing the agent resolves the rest', async () => {
    const { orchestrator, scripted, step, of, spawn } = await setup();
    const a = await spawn('c', 'claude');
    const paneId = a.paneId!;
    scripted.show(paneId, [
      '',
      '✻ Kneading… (2s · ↓ 1 tokens)',
      '─'.repeat(40),
      '❯ ',
      '─'.repeat(40),
      '  esc to interrupt',
    ]);
    await step(DEFAULT_TIMINGS.debounceMs + 200);
    scripted.show(paneId, ['', '● Done.', '─'.repeat(40), '❯ ', '─'.repeat(40), '  ? for shortcuts']);
    await step(DEFAULT_TIMINGS.outputRecentMs + DEFAULT_TIMINGS.debounceMs + 200);
    const finished = of('attention.raised')
      .map((e) => e.item)
      .find((i) => i.kind === 'finished');
    expect(finished).toMatchObject({
      severity: 'info',
      title: 'c finished',
      target: { agentId: a.id, paneId },
    });
    await orchestrator.fleet.close(a.id);
    expect(of('attention.closed').at(-1)).toMatchObject({ ids: [finished!.id], reason: 'resolved' });
  });

  it("an approval raises an item that its decision resolves; a prompt's approval takes over the waiting item", async () => {
    const { orchestrator, raised, of, human, spawn, occurrence } = await setup();
    const a = await spawn('a');
    const waiting = orchestrator.attention.notify(occurrence(a.id))!;
    const { approval } = (await orchestrator.invoke({ kind: 'agent', id: a.id }, 'approval.request', {
      kind: 'escalation',
      summary: 'may I deploy?',
    })) as { approval: { id: string } };
    expect(raised()).toHaveLength(1);
    expect(of('attention.updated')).toMatchObject([
      {
        item: {
          id: waiting.id,
          kind: 'approval_pending',
          approvalId: approval.id,
          title: 'a asks: escalation',
          body: 'may I deploy?',
        },
      },
    ]);
    await human('approval.decide', { decisions: [{ id: approval.id, verdict: 'approve' }] });
    expect(of('attention.closed')).toMatchObject([{ ids: [waiting.id], reason: 'resolved' }]);
    const { items } = (await human('attention.list')) as { items: AttentionItem[] };
    expect(items).toEqual([]);
  });

  it("an agent's two approvals fold into one item; deciding the newer leaves it open on the older, deciding both closes it", async () => {
    const { orchestrator, of, human, spawn } = await setup();
    const a = await spawn('a');
    const ask = async (summary: string) =>
      (
        (await orchestrator.invoke({ kind: 'agent', id: a.id }, 'approval.request', {
          kind: 'escalation',
          summary,
        })) as { approval: { id: string } }
      ).approval.id;
    const first = await ask('may I deploy?');
    const second = await ask('may I migrate?');
    const open = async () => ((await human('attention.list')) as { items: AttentionItem[] }).items;
    expect((await open()).map((item) => [item.approvalId, item.occurrences])).toEqual([[second, 2]]);
    await human('approval.decide', { decisions: [{ id: second, verdict: 'approve' }] });
    // The first still waits: its item stays, pointing at it (Answer opens it; n reaches it).
    expect((await open()).map((item) => [item.approvalId, item.body])).toEqual([[first, 'may I deploy?']]);
    expect(of('attention.updated').at(-1)).toMatchObject({ item: { approvalId: first, status: 'open' } });
    await human('approval.decide', { decisions: [{ id: first, verdict: 'deny' }] });
    expect(await open()).toEqual([]);
  });

  it('groups open items by kind, most severe first', async () => {
    const { orchestrator, human, spawn, occurrence } = await setup();
    const [a, b, c] = [await spawn('a'), await spawn('b'), await spawn('c')];
    orchestrator.attention.notify(occurrence(a.id));
    orchestrator.attention.notify(occurrence(b.id));
    orchestrator.attention.notify({ ...occurrence(c.id, 'hung'), severity: 'critical' });
    const { groups } = (await human('attention.list')) as {
      groups: { group: string; title: string; agentIds: string[]; severity: string }[];
    };
    expect(groups.map((g) => [g.group, g.title, g.severity, [...g.agentIds].sort()])).toEqual([
      ['hung', 'An agent seems hung', 'critical', [c.id]],
      ['waiting_for_input', '2 agents are waiting for input', 'warning', [a.id, b.id].sort()],
    ]);
  });

  it('do-not-disturb silences (never drops) items, ends by itself, and is persisted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-attention-'));
    const clock = new FakeClock();
    const first = await setup(join(dir, 'db.sqlite'), clock);
    const a = await first.spawn('a');
    const settings = (await first.human('attention.setDoNotDisturb', {
      enabled: true,
      forMs: 3_600_000,
    })) as AttentionSettings;
    expect(settings).toMatchObject({
      doNotDisturb: true,
      doNotDisturbUntil: new Date(clock.now() + 3_600_000).toISOString(),
    });
    expect(first.orchestrator.attention.notify(first.occurrence(a.id))!.silenced).toBe('do_not_disturb');
    await first.orchestrator.close();
    open.length = 0;

    const second = await setup(join(dir, 'db.sqlite'), clock);
    expect(
      ((await second.human('attention.list')) as { settings: AttentionSettings }).settings.doNotDisturb,
    ).toBe(true);
    clock.advance(3_600_000);
    expect(second.of('attention.settings_changed')).toMatchObject([
      { settings: { doNotDisturb: false, doNotDisturbUntil: null } },
    ]);
    const b = await second.spawn('b');
    expect(second.orchestrator.attention.notify(second.occurrence(b.id))!.silenced).toBeNull();
  });

  it('a muted team is silenced; other teams are not; unmuting restores it', async () => {
    const { orchestrator, human, spawn, occurrence } = await setup();
    await human('team.create', { name: 'red' });
    await human('team.create', { name: 'blue' });
    const r = await spawn('r', 'shell', 'red');
    const b = await spawn('b', 'shell', 'blue');
    const muted = (await human('attention.muteTeam', { team: 'red' })) as AttentionSettings;
    expect(muted.mutedTeams).toEqual([r.teamId]);
    expect(orchestrator.attention.notify(occurrence(r.id))!.silenced).toBe('team_muted');
    expect(orchestrator.attention.notify(occurrence(b.id))!.silenced).toBeNull();
    await human('attention.muteTeam', { team: 'red', muted: false });
    expect(orchestrator.attention.notify(occurrence(r.id, 'error'))!.silenced).toBeNull();
  });

  it('go to pane focuses the exact pane through pane.focus, reports window and tab, and closes the item', async () => {
    const { orchestrator, scripted, of, human, spawn, occurrence } = await setup();
    const a = await spawn('a');
    const focused: string[] = [];
    scripted.backend.onEvent((e) => e.type === 'pane.focused' && focused.push(e.paneId));
    const item = orchestrator.attention.notify(occurrence(a.id))!;
    const pane = (await scripted.backend.listPanes()).find((p) => p.id === a.paneId)!;
    const location = await human('attention.goTo', { id: item.id });
    expect(location).toEqual({ agentId: a.id, paneId: a.paneId, windowId: pane.windowId, tabId: pane.tabId });
    expect(focused).toEqual([a.paneId]);
    expect(of('attention.focused')).toMatchObject([{ location, itemId: item.id }]);
    expect(of('attention.closed')).toMatchObject([{ ids: [item.id], reason: 'acted' }]);
    await expect(human('attention.goTo', { agent: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(human('attention.goTo', { id: 'attention-missing' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('dismisses by id, by group or all; agents may not call attention commands', async () => {
    const { orchestrator, human, spawn, occurrence, of } = await setup();
    const [a, b] = [await spawn('a'), await spawn('b')];
    const one = orchestrator.attention.notify(occurrence(a.id))!;
    orchestrator.attention.notify(occurrence(b.id));
    orchestrator.attention.notify(occurrence(b.id, 'error'));
    expect(await human('attention.dismiss', { ids: [one.id] })).toEqual({ ids: [one.id] });
    expect(
      ((await human('attention.dismiss', { group: 'waiting_for_input' })) as { ids: string[] }).ids,
    ).toHaveLength(1);
    expect(((await human('attention.dismiss', { all: true })) as { ids: string[] }).ids).toHaveLength(1);
    expect(of('attention.closed').map((e) => e.reason)).toEqual(['dismissed', 'dismissed', 'dismissed']);
    await expect(human('attention.dismiss', {})).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      orchestrator.invoke({ kind: 'agent', id: a.id }, 'attention.list', {}),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
  it('the pane asks for attention in the terminal while its agent has an open item that needs the person, and stops with the last', async () => {
    const { orchestrator, scripted, human, spawn, occurrence, step } = await setup();
    const a = await spawn('a');
    const b = await spawn('b');
    const asks = (paneId: string | null) =>
      (scripted.appearances.get(paneId!) ?? [])
        .filter((x) => x.attention !== undefined)
        .map((x) => x.attention);
    const waiting = orchestrator.attention.notify(occurrence(a.id))!;
    const error = orchestrator.attention.notify(occurrence(a.id, 'error'))!;
    orchestrator.attention.notify(occurrence(b.id, 'finished'));
    await step(10);
    expect(asks(a.paneId)).toEqual([true]);
    // "finished" is news, not a request: b's pane is not asked to draw attention.
    expect(asks(b.paneId)).toEqual([]);
    await human('attention.dismiss', { ids: [waiting.id] });
    await step(10);
    expect(asks(a.paneId)).toEqual([true]);
    await human('attention.dismiss', { ids: [error.id] });
    await step(10);
    expect(asks(a.paneId)).toEqual([true, false]);
  });

  it('a lost agent restored into a new pane (fleet.restore) is asked for attention there again', async () => {
    const { orchestrator, scripted, human, spawn, occurrence, step } = await setup();
    const a = await spawn('a');
    const asks = (paneId: string | null) =>
      (scripted.appearances.get(paneId!) ?? [])
        .filter((x) => x.attention !== undefined)
        .map((x) => x.attention);
    // An approval waits for the person across the outage (state items such as waiting-for-input resolve when the pane goes).
    orchestrator.attention.notify(occurrence(a.id, 'approval_pending'));
    await step(10);
    expect(asks(a.paneId)).toEqual([true]);
    // iTerm2 quit: the pane is gone, the agent lost; the approval stays open.
    await scripted.backend.closePane(a.paneId!);
    await orchestrator.fleet.idle();
    expect(orchestrator.fleet.requireAgent('a')).toMatchObject({ state: 'lost', paneId: null });
    const restored = (await human('fleet.restore', {})) as { restored: { id: string; paneId: string }[] };
    const newPane = restored.restored.find((r) => r.id === a.id)!.paneId;
    await step(10);
    expect(newPane).not.toBe(a.paneId);
    expect(asks(newPane)).toEqual([true]);
    // An item raised while it was lost is asked for once it has a pane again.
    const b = await spawn('b');
    await scripted.backend.closePane(b.paneId!);
    await orchestrator.fleet.idle();
    orchestrator.attention.notify(occurrence(b.id, 'approval_pending'));
    await step(10);
    const again = (await human('fleet.restore', {})) as { restored: { id: string; paneId: string }[] };
    await step(10);
    expect(asks(again.restored.find((r) => r.id === b.id)!.paneId)).toEqual([true]);
  });

  it('do-not-disturb holds the terminal request back too; a restart asks again for what is still open', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-attn-signal-')), 'db.sqlite');
    const first = await setup(databasePath);
    const a = await first.spawn('a');
    await first.human('attention.setDoNotDisturb', { enabled: true });
    first.orchestrator.attention.notify(first.occurrence(a.id));
    await first.step(10);
    expect((first.scripted.appearances.get(a.paneId!) ?? []).some((x) => x.attention)).toBe(false);
    await first.human('attention.setDoNotDisturb', { enabled: false });
    const b = await first.spawn('b');
    first.orchestrator.attention.notify(first.occurrence(b.id, 'error'));
    await first.step(10);
    expect(
      (first.scripted.appearances.get(b.paneId!) ?? [])
        .filter((x) => x.attention !== undefined)
        .map((x) => x.attention),
    ).toEqual([true]);
    await first.orchestrator.close();
    const second = await setup(databasePath);
    await second.step(10);
    const asked = [...second.scripted.appearances.values()].flat().filter((x) => x.attention === true);
    expect(asked.length).toBeGreaterThanOrEqual(1);
  });
});
