import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { DURATIONS_FILE, LongestFirstSequencer, readDurations } from './longest-first-sequencer';

const root = '/repo';
/** The parts of Vitest's context and specifications the sequencers read, with no cache (a clean clone). */
const ctx = {
  config: { root },
  cache: { getFileTestResults: () => undefined, getFileStats: () => undefined },
} as unknown as Vitest;
const spec = (project: string, path: string) =>
  ({
    moduleId: `${root}/${path}`,
    project: {
      name: project,
      config: { isolate: project === 'node' ? false : true, sequence: { groupOrder: 0 } },
    },
  }) as unknown as TestSpecification;

function durationsFile(seconds: Record<string, number>, stressSeconds?: Record<string, number>): URL {
  const file = join(mkdtempSync(join(tmpdir(), 'sb-durations-')), 'durations.json');
  writeFileSync(file, JSON.stringify({ seconds, stressSeconds }));
  return pathToFileURL(file);
}

describe('the longest-first order of test files', () => {
  it('starts the longest files of each project first, files not measured yet before them, one project at a time', async () => {
    const file = durationsFile({
      'a/short.test.ts': 1,
      'a/fuzz.test.ts': 112,
      'a/middle.test.ts': 30,
      'ui/view.dom.test.tsx': 2,
      'ui/app.dom.test.tsx': 5,
    });
    const files = [
      spec('node', 'a/short.test.ts'),
      spec('dom', 'ui/view.dom.test.tsx'),
      spec('node', 'a/middle.test.ts'),
      spec('node', 'a/new.test.ts'),
      spec('node', 'a/fuzz.test.ts'),
      spec('dom', 'ui/app.dom.test.tsx'),
    ];
    const sorted = await new LongestFirstSequencer(ctx, file).sort(files);
    expect(sorted.map((s) => `${s.project.name}:${s.moduleId.slice(root.length + 1)}`)).toEqual([
      'dom:ui/app.dom.test.tsx',
      'dom:ui/view.dom.test.tsx',
      'node:a/new.test.ts',
      'node:a/fuzz.test.ts',
      'node:a/middle.test.ts',
      'node:a/short.test.ts',
    ]);
  });

  it('orders a STRESS run by the files’ STRESS durations where measured, by their usual ones otherwise', async () => {
    const file = durationsFile(
      { 'a/fuzz.test.ts': 38, 'a/property.test.ts': 0.5, 'a/plain.test.ts': 3 },
      { 'a/property.test.ts': 102, 'a/fuzz.test.ts': 60 },
    );
    const files = ['a/fuzz.test.ts', 'a/plain.test.ts', 'a/property.test.ts'].map((p) => spec('node', p));
    const order = (stress: boolean) => {
      const sequencer = new LongestFirstSequencer(ctx, file, stress);
      return sequencer
        .sort([...files])
        .then((sorted) => sorted.map((s) => s.moduleId.slice(root.length + 1)));
    };
    expect(await order(true)).toEqual(['a/property.test.ts', 'a/fuzz.test.ts', 'a/plain.test.ts']);
    expect(await order(false)).toEqual(['a/fuzz.test.ts', 'a/plain.test.ts', 'a/property.test.ts']);
  });

  it('keeps Vitest’s own order when there are no durations (a missing or broken file)', async () => {
    const broken = pathToFileURL(join(mkdtempSync(join(tmpdir(), 'sb-durations-')), 'missing.json'));
    const files = [spec('node', 'b.test.ts'), spec('node', 'a.test.ts')];
    const sorted = await new LongestFirstSequencer(ctx, broken).sort(files);
    expect(sorted.map((s) => s.moduleId)).toEqual([`${root}/b.test.ts`, `${root}/a.test.ts`]);
  });

  it('reads the committed durations: the slow files of the last whole run are in it', () => {
    const seconds = readDurations(DURATIONS_FILE);
    expect(Object.keys(seconds).length).toBeGreaterThan(200);
    expect(seconds['packages/host/test/robustness/boundaries-fuzz.test.ts']).toBeGreaterThan(30);
    const stress = readDurations(DURATIONS_FILE, true);
    expect(Object.keys(stress)).toEqual(expect.arrayContaining(Object.keys(seconds)));
    expect(stress['packages/mcp-server/test/mcp-fuzz.test.ts']).toBeGreaterThan(100);
  });
});
