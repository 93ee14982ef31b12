import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { humanCaller, type AgentState } from '@switchboard/protocol';
import { DEFAULT_TIMINGS, StateTracker, createOrchestrator, type Decision } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { scriptedBackend, settle } from './scripted-backend';

const RUNS = process.env['STRESS'] === '1' ? 500 : 40;
const heuristic = fc.constantFrom<AgentState>('working', 'idle', 'waiting_for_input', 'error');

describe('property: a noisy screen never flips the state faster than the debounce', () => {
  it('StateTracker: heuristic decisions at any times commit at least debounceMs apart', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 900 }),
            heuristic,
            fc.constantFrom<Decision['decidedBy']>('screen', 'output'),
          ),
          { maxLength: 200 },
        ),
        (steps) => {
          const tracker = new StateTracker('starting', 0, DEFAULT_TIMINGS);
          let now = 0;
          const commits: number[] = [0];
          for (const [gap, state, decidedBy] of steps) {
            now += gap;
            // The monitor re-decides when a candidate matures; so does this loop.
            const due = tracker.nextDue();
            if (
              due !== undefined &&
              due <= now &&
              tracker.update(
                {
                  state: tracker['candidate']?.state ?? state,
                  confidence: 'low',
                  unsure: false,
                  signals: [],
                  decidedBy,
                },
                due,
              ).changed
            )
              commits.push(due);
            if (
              tracker.update({ state, confidence: 'low', unsure: false, signals: [], decidedBy }, now).changed
            )
              commits.push(now);
          }
          for (let i = 1; i < commits.length; i++)
            expect(commits[i]! - commits[i - 1]!).toBeGreaterThanOrEqual(DEFAULT_TIMINGS.debounceMs);
        },
      ),
      { numRuns: RUNS * 10 },
    );
  });

  const SCREENS: string[][] = [
    ['✻ Kneading… (2s · ↓ 1 tokens)', '─'.repeat(40), '❯ ', '─'.repeat(40), '  esc to interrupt'],
    ['', '─'.repeat(40), '❯ ', '─'.repeat(40), '  ? for shortcuts'],
    [' Do you want to proceed?', ' ❯ 1. Yes', '   2. No', ' Esc to cancel'],
    ['garbage ░▒▓ no known pattern'],
    ['● API Error: 500 overloaded', '─'.repeat(40), '❯ ', '─'.repeat(40)],
  ];

  it('HealthMonitor: random screen churn at random times gives state events at least debounceMs apart', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: SCREENS.length - 1 })),
          { minLength: 1, maxLength: 40 },
        ),
        async (steps) => {
          const clock = new FakeClock();
          const scripted = scriptedBackend();
          const orchestrator = createOrchestrator({
            databasePath: ':memory:',
            backend: scripted.backend,
            clock,
          });
          try {
            const changes: number[] = [];
            orchestrator.subscribe((e) => {
              if (e.type === 'health.state_changed') changes.push(Date.parse(e.health.since));
            });
            const agent = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
              name: 'noisy',
              kind: 'claude',
            })) as { paneId: string };
            for (const [gap, screen] of steps) {
              for (let left = gap; left > 0; left -= 25) {
                clock.advance(Math.min(25, left));
                await settle();
              }
              scripted.show(agent.paneId, SCREENS[screen]!);
              await settle();
            }
            for (let i = 0; i < 40; i++) {
              clock.advance(25);
              await settle();
            }
            const spawnedAt = Date.UTC(2026, 0, 1);
            const times = [spawnedAt, ...changes];
            for (let i = 1; i < times.length; i++)
              expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(DEFAULT_TIMINGS.debounceMs);
          } finally {
            await orchestrator.close();
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
