import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agent, FleetApplyResult } from '@switchboard/protocol';
import { setupFleet } from '../fleet/fleet-fixture';

/** The fleet's folder: spawning checks that a working folder exists. */
const APP = mkdtempSync(join(tmpdir(), 'sb-fleet-app-'));
mkdirSync(join(APP, 'styles'));

const FLEET = `
version: 1
description: a web team and an ops team
cwd: ${APP}
templates:
  reviewer:
    kind: claude
    role: tester
    model: sonnet
    task: Review the latest commit.
teams:
  - name: web
    agents:
      - name: builder
        kind: codex
        role: builder
      - template: reviewer
        count: 2
  - name: web-ui
    parent: web
    agents:
      - name: styler
        cwd: styles
  - name: ops
    agents:
      - name: deployer
        kind: custom
        command: ./deploy.sh --watch
agents:
  - name: solo
`;

describe('fleet files', () => {
  it('creates teams and agents from YAML, and re-applying changes nothing', async () => {
    const { call, team, agent, events, state } = setupFleet();
    const result = await call<FleetApplyResult>('fleet.apply', { source: FLEET, baseDir: APP });
    expect(result).toEqual({
      teams: { created: ['web', 'web-ui', 'ops'], existing: [] },
      agents: {
        spawned: ['solo', 'builder', 'reviewer-1', 'reviewer-2', 'styler', 'deployer'],
        existing: [],
        failed: [],
      },
      dryRun: false,
    });
    expect(team('web-ui').parentId).toBe(team('web').id);
    expect(agent('reviewer-2')).toMatchObject({
      kind: 'claude',
      role: 'tester',
      command: 'claude --model sonnet',
      cwd: APP,
      teamId: team('web').id,
    });
    expect(agent('styler')).toMatchObject({
      kind: 'shell',
      cwd: join(APP, 'styles'),
      teamId: team('web-ui').id,
    });
    expect(agent('deployer')).toMatchObject({ kind: 'custom', command: './deploy.sh --watch' });
    expect(agent('solo').teamId).toBeNull();

    const before = await state();
    const eventCount = events.length;
    const again = await call<FleetApplyResult>('fleet.apply', { source: FLEET, baseDir: APP });
    expect(again).toEqual({
      teams: { created: [], existing: ['web', 'web-ui', 'ops'] },
      agents: {
        spawned: [],
        existing: ['solo', 'builder', 'reviewer-1', 'reviewer-2', 'styler', 'deployer'],
        failed: [],
      },
      dryRun: false,
    });
    expect(await state()).toBe(before);
    expect(events.slice(eventCount)).toEqual([]);
  });

  it('fills in only what is missing after an agent was closed; a dry run says so and changes nothing', async () => {
    const { call, state } = setupFleet();
    await call('fleet.apply', { source: FLEET, baseDir: APP });
    await call('agent.close', { agent: 'reviewer-1' });
    const before = await state();
    const dry = await call<FleetApplyResult>('fleet.apply', {
      source: FLEET,
      baseDir: APP,
      dryRun: true,
    });
    expect(dry.agents.spawned).toEqual(['reviewer-1']);
    expect(dry.dryRun).toBe(true);
    expect(await state()).toBe(before);
    const applied = await call<FleetApplyResult>('fleet.apply', { source: FLEET, baseDir: APP });
    expect(applied.agents.spawned).toEqual(['reviewer-1']);
  });

  it('takes JSON and already-parsed files, and saved templates the file does not define', async () => {
    const { call, agent } = setupFleet();
    await call('template.save', { template: { name: 'watcher', kind: 'gemini', role: 'researcher' } });
    const file = { version: 1, agents: [{ template: 'watcher', count: 2 }] };
    const fromJson = await call<FleetApplyResult>('fleet.apply', { source: JSON.stringify(file) });
    expect(fromJson.agents.spawned).toEqual(['watcher-1', 'watcher-2']);
    expect(agent('watcher-1')).toMatchObject({ kind: 'gemini', role: 'researcher' });
    expect((await call<FleetApplyResult>('fleet.apply', { file })).agents.existing).toEqual([
      'watcher-1',
      'watcher-2',
    ]);
  });

  it('refuses a bad file as a whole, with every problem named, and changes nothing', async () => {
    const { call, state } = setupFleet();
    await call('agent.spawn', { name: 'existing' });
    const before = await state();
    const cases: [string, unknown, RegExp][] = [
      ['not YAML', { source: 'version: 1\nteams: [\n' }, /not valid YAML/],
      ['wrong version', { source: 'version: 2' }, /version/],
      ['unknown key', { source: 'version: 1\nagentz: []' }, /agentz|Unrecognized/i],
      ['unknown template', { source: 'version: 1\nagents:\n  - template: ghost' }, /no template "ghost"/],
      ['duplicate names', { source: 'version: 1\nagents:\n  - name: a\n  - name: a' }, /appears twice/],
      [
        'count overlap',
        { source: 'version: 1\nagents:\n  - name: w\n    count: 2\n  - name: w-2' },
        /appears twice/,
      ],
      [
        'relative cwd without baseDir',
        { source: 'version: 1\nagents:\n  - name: r\n    cwd: sub' },
        /relative folder/,
      ],
      [
        'custom without command',
        { source: 'version: 1\nagents:\n  - name: c\n    kind: custom' },
        /needs a command/,
      ],
      [
        'unknown parent',
        { source: 'version: 1\nteams:\n  - name: child\n    parent: nowhere' },
        /parent "nowhere"/,
      ],
      [
        'too many agents',
        {
          source:
            'version: 1\nagents:\n' +
            Array.from({ length: 5 }, (_, i) => `  - name: n${i}\n    count: 50`).join('\n'),
        },
        /at most 200/,
      ],
      ['both source and file', { source: 'version: 1', file: { version: 1 } }, /either/],
      [
        'a YAML bomb',
        {
          source:
            'version: 1\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
        },
        /./,
      ],
    ];
    for (const [what, input, message] of cases) {
      await expect(call('fleet.apply', input), what).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(message),
      });
    }
    expect(await state()).toBe(before);
    const mixed = await call<FleetApplyResult>('fleet.apply', {
      source: 'version: 1\nagents:\n  - name: existing\n  - name: fresh',
    });
    expect(mixed).toMatchObject({ agents: { existing: ['existing'], spawned: ['fresh'], failed: [] } });
  });

  it('starts the demo fleet from the same machinery: two teams of scripted agents, idempotent', async () => {
    const { call, agent, team } = setupFleet();
    const first = await call<FleetApplyResult>('fleet.demo', {});
    expect(first.teams.created).toEqual(['demo-web', 'demo-ops']);
    expect(first.agents.spawned).toEqual(['ada', 'grace', 'linus']);
    const ada: Agent = agent('ada');
    expect(ada).toMatchObject({ kind: 'custom', teamId: team('demo-web').id, role: 'builder' });
    expect(ada.command).toMatch(/demo-agent\.js'? ada$/);
    expect((await call<FleetApplyResult>('fleet.demo', {})).agents.existing).toEqual([
      'ada',
      'grace',
      'linus',
    ]);
  });
});
