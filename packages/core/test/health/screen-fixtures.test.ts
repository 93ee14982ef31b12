import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AgentKind, AgentState } from '@switchboard/protocol';
import { DEFAULT_TIMINGS, StateTracker, decide, detectorFor, type Evidence } from '../../src/index';

interface Fixture {
  cli: AgentKind;
  state: AgentState;
  name: string;
  source: 'captured' | 'hand-written';
  provenance: string;
  evidence?: {
    alive?: boolean;
    lastOutputAgoMs?: number;
    prompt?: { phase: 'prompt' | 'running'; lastExitStatus?: number };
  };
  cursor: { x: number; y: number };
  lines: string[];
}

const ROOT = new URL('../fixtures/screens/', import.meta.url);
const CLIS: AgentKind[] = ['claude', 'codex', 'gemini', 'shell'];
const STATES: AgentState[] = ['starting', 'working', 'waiting_for_input', 'idle', 'error', 'exited'];
const fixtures: Fixture[] = CLIS.flatMap((cli) =>
  readdirSync(new URL(`${cli}/`, ROOT))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(`${cli}/${f}`, ROOT), 'utf8')) as Fixture),
);
const NOW = 60_000;

/** The state the whole pipeline reaches from a fixture: its screen through the CLI's detector, plus the fixture's other evidence. */
function stateOf(fixture: Fixture) {
  const verdict = detectorFor(fixture.cli).detect({ lines: fixture.lines, cursor: fixture.cursor });
  const extra = fixture.evidence ?? {};
  const evidence: Evidence = {
    kind: fixture.cli,
    alive: extra.alive ?? true,
    screen: { verdict, since: NOW - 5000, at: NOW },
    ...(extra.lastOutputAgoMs === undefined ? {} : { lastOutputAt: NOW - extra.lastOutputAgoMs }),
    ...(extra.prompt
      ? { prompt: { phase: extra.prompt.phase, lastExitStatus: extra.prompt.lastExitStatus, at: NOW - 1000 } }
      : {}),
  };
  const tracker = new StateTracker('starting', 0, 0);
  tracker.update(decide(evidence, NOW, DEFAULT_TIMINGS), NOW);
  return { verdict, state: tracker.current.state };
}

describe('screen fixtures: every CLI × state', () => {
  it.each(CLIS)('%s has a fixture for every state', (cli) => {
    const states = new Set(fixtures.filter((f) => f.cli === cli).map((f) => f.state));
    expect([...states].sort()).toEqual([...STATES].sort());
  });

  it('each fixture says where it came from, and which parts are hand-written', () => {
    for (const fixture of fixtures) {
      expect(fixture.provenance.length, fixture.name).toBeGreaterThan(20);
      if (fixture.source === 'hand-written')
        expect(fixture.provenance, `${fixture.cli}/${fixture.name}`).toMatch(/^hand-written \(/);
    }
    expect(
      fixtures.filter((f) => f.cli === 'claude' || f.cli === 'shell').every((f) => f.source === 'captured'),
    ).toBe(true);
  });

  it.each(fixtures.map((f) => [`${f.cli}/${f.name}`, f] as const))('%s', (_label, fixture) => {
    const { verdict, state } = stateOf(fixture);
    expect(state).toBe(fixture.state);
    // Where the fixture adds no other evidence, the screen alone must say it (a blank "starting" screen says nothing).
    if (!fixture.evidence)
      expect(verdict?.state).toBe(
        fixture.state === 'starting' && fixture.lines.every((l) => l.trim() === '')
          ? undefined
          : fixture.state,
      );
  });
});
