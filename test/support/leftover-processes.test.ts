import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { leftovers, TAG_VARIABLE, tagFor } from './leftover-processes';

// Real processes: a tagged `sleep` is found by its tag, whichever file of the worker it came from; an untagged
// one, or one tagged by another worker, is not; one that ended (and was reaped) is gone from the list.
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

const WORKER = 4_000_000; // no real pid: only the processes these tests tag carry it
/** A `sleep 30` with the tag (or none), once it runs. */
async function sleeper(tag: string | undefined): Promise<ChildProcess> {
  const env = { ...process.env };
  delete env[TAG_VARIABLE];
  if (tag) env[TAG_VARIABLE] = tag;
  const child = spawn('sleep', ['30'], { env, stdio: 'ignore' });
  started.push(child);
  await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  return child;
}
const pids = (list: { pid: number }[]) => list.map((p) => p.pid).sort();

describe('leftover processes of a test file', () => {
  it("finds the running processes tagged with the worker's files: this file's, and an earlier file's as a leak", async () => {
    const own = await sleeper(tagFor(WORKER, 'b.test.ts'));
    const earlier = await sleeper(tagFor(WORKER, 'a.test.ts'));
    await sleeper(tagFor(WORKER + 1, 'b.test.ts'));
    await sleeper(undefined);
    const found = leftovers(WORKER, 'b.test.ts');
    expect(pids(found.atItsEnd)).toEqual([own.pid]);
    expect(pids(found.fromEarlierFiles)).toEqual([earlier.pid]);
    expect(found.fromEarlierFiles[0]).toMatchObject({ tag: `${WORKER}:a.test.ts`, cmd: 'sleep 30' });
  });

  it('does not list a process that has ended', async () => {
    const child = await sleeper(tagFor(WORKER, 'c.test.ts'));
    expect(pids(leftovers(WORKER, 'c.test.ts').atItsEnd)).toEqual([child.pid]);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(leftovers(WORKER, 'c.test.ts').atItsEnd).toEqual([]);
  });
});
