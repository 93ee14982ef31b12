import { describe, expect, it } from 'vitest';
import type { RecordedFrame } from '@switchboard/protocol';
import { countOf, frameAt, hitLabel, screensOf } from '../src/views/search/search-model';

const frame = (at: number, full: boolean, changes: [number, string][]): RecordedFrame => ({
  at,
  full,
  rows: 3,
  changes: changes.map(([row, text]) => ({ row, text })),
  cursor: { x: 0, y: 2 },
});

const hit = {
  source: 'memory' as const,
  at: '',
  snippet: '',
  rank: 0,
  memory: null,
  message: null,
  recording: null,
};

describe('the search view model', () => {
  it('rebuilds each recorded screen from a full frame and the changes after it', () => {
    const frames = [
      frame(10, true, [
        [0, '$ make'],
        [1, ''],
        [2, ''],
      ]),
      frame(20, false, [[1, 'building']]),
      frame(30, false, [
        [1, 'done'],
        [2, '$'],
      ]),
    ];
    expect(screensOf(frames).map((screen) => screen.lines)).toEqual([
      ['$ make', '', ''],
      ['$ make', 'building', ''],
      ['$ make', 'done', '$'],
    ]);
    expect(
      screensOf([
        ...frames,
        frame(40, true, [
          [0, 'cleared'],
          [1, ''],
          [2, ''],
        ]),
      ]).at(-1)!.lines,
    ).toEqual(['cleared', '', '']);
  });

  it('finds the frame showing a moment: the last one at or before it', () => {
    const frames = [{ at: 10 }, { at: 20 }, { at: 30 }];
    expect([5, 10, 19, 20, 29, 31].map((at) => frameAt(frames, at))).toEqual([0, 0, 0, 1, 1, 2]);
  });

  it('says how many hits and whose', () => {
    expect(
      countOf({
        total: 3,
        groups: [
          { agentId: 'a', hits: [hit, hit] },
          { agentId: 'human', hits: [hit] },
        ],
      }),
    ).toBe('3 hits from 1 agent and you');
    expect(countOf({ total: 1, groups: [{ agentId: 'a', hits: [hit] }] })).toBe('1 hit from 1 agent');
    expect(
      countOf({
        total: 2,
        groups: [
          { agentId: 'a', hits: [hit] },
          { agentId: 'b', hits: [hit] },
        ],
      }),
    ).toBe('2 hits from 2 agents');
  });

  it('labels a memory hit by its key, a bidi override in the key written out, not applied', () => {
    const memoryHit = { ...hit, memory: { namespace: 'global', key: 'notes\u202Etxt.exe' } };
    expect(hitLabel(memoryHit, (id) => id)).toBe('memory · notes[U+202E]txt.exe');
  });
});
