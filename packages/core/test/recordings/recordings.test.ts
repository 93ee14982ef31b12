import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  applyFrame,
  SwitchboardError,
  type CommandOutput,
  type RecordedFrame,
  type RecordedScreen,
} from '@switchboard/protocol';
import { coreMigrations } from '../../src/core-migrations';
import { openStore } from '../../src/store/store';
import { recordedWorld } from './recorded-world';

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';

const screensOf = (frames: readonly RecordedFrame[]) => {
  let screen: RecordedScreen | undefined;
  return frames.map((frame) => (screen = applyFrame(screen, frame)).lines);
};

/** Every byte Switchboard keeps: the database (and its WAL) and every recording file, decompressed. */
function everythingStored(dataDir: string): string {
  const parts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        parts.push(
          name.endsWith('.gz')
            ? gunzipSync(readFileSync(path)).toString('utf8')
            : readFileSync(path).toString('latin1'),
        );
    }
  };
  walk(dataDir);
  return parts.join('\n');
}

describe('recordings', () => {
  it("records a pane's screens as they change, each frame timed, and reads them back in order", async () => {
    const world = recordedWorld();
    const alice = await world.spawn('alice');
    await world.print(alice.paneId!, 'first line\r');
    await world.print(alice.paneId!, 'second line\r');
    const { frames, more, droppedUntil } = await world.human<CommandOutput<'recording.frames'>>(
      'recording.frames',
      { agent: 'alice' },
    );
    expect(more).toBe(false);
    expect(droppedUntil).toBeNull();
    expect(frames[0]!.full).toBe(true);
    const screens = screensOf(frames);
    expect(screens.at(-1)!.filter((line) => line !== '')).toEqual(['first line', 'second line']);
    expect(screens.some((lines) => lines.includes('first line') && !lines.includes('second line'))).toBe(
      true,
    );
    expect(frames.map((frame) => frame.at)).toEqual(
      [...frames.map((frame) => frame.at)].sort((a, b) => a - b),
    );

    // A range starting mid-recording starts with a full frame of the screen as it was then.
    const last = frames.at(-1)!;
    const tail = await world.human<CommandOutput<'recording.frames'>>('recording.frames', {
      agent: alice.id,
      from: new Date(last.at).toISOString(),
    });
    expect(tail.frames).toHaveLength(1);
    expect(tail.frames[0]).toMatchObject({ at: last.at, full: true });
    expect(screensOf(tail.frames)[0]).toEqual(screens.at(-1));
    await world.orchestrator.close();
  });

  it('appends chunks compressed to one file per agent beside the database, owner-only, and lists them', async () => {
    const world = recordedWorld({ chunkBytes: 512 });
    const bob = await world.spawn('bob');
    for (let i = 0; i < 20; i++) await world.print(bob.paneId!, `line number ${i} of a chunked recording\r`);
    const listed = await world.human<CommandOutput<'recording.list'>>('recording.list', {});
    const mine = listed.recordings.find((r) => r.agentId === bob.id)!;
    expect(mine.chunks).toBeGreaterThan(2);
    expect(mine.bytes).toBe(listed.totalBytes);
    const folder = join(world.dataDir, 'recordings', bob.id);
    // Every chunk a gzip member appended to the agent's one segment file: the file gunzips to all frames,
    // each chunk starting with a full frame.
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const file = join(folder, files[0]!);
    expect(file).toMatch(/\.jsonl\.gz$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).size).toBe(mine.bytes);
    const lines = gunzipSync(readFileSync(file)).toString().trim().split('\n');
    expect(lines.filter((line) => line.includes('"full":true')).length).toBeGreaterThanOrEqual(mine.chunks);
    expect(lines[0]).toContain('"full":true');
    const screens = screensOf(
      (
        await world.human<CommandOutput<'recording.frames'>>('recording.frames', {
          agent: 'bob',
          limit: 5000,
        })
      ).frames,
    );
    expect(screens.at(-1)!.some((line) => line.includes('line number 19'))).toBe(true);
    expect(screens).toHaveLength(lines.length);
    await world.orchestrator.close();

    // A chunk appended (or torn) just before a crash is cut at the next start: the file is what the index says.
    appendFileSync(file, Buffer.from('torn tail of a chunk never indexed'));
    const again = recordedWorld({ chunkBytes: 512 }, world.dataDir);
    await again.orchestrator.ready;
    expect(statSync(file).size).toBe(mine.bytes);
    const reread = await again.human<CommandOutput<'recording.frames'>>('recording.frames', {
      agent: bob.id,
      limit: 5000,
    });
    expect(screensOf(reread.frames)).toEqual(screens);
    await again.orchestrator.close();
  });

  it('reads a recording written a file per chunk (before segments) after the migration', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-rec-old-'));
    const before = coreMigrations.map((domain) =>
      domain.domain === 'recording' ? { ...domain, migrations: domain.migrations.slice(0, 2) } : domain,
    );
    const store = openStore(join(dataDir, 'switchboard.db'), before);
    mkdirSync(join(dataDir, 'recordings', 'gone-agent'), { recursive: true, mode: 0o700 });
    const insert = store.db.prepare(
      'INSERT INTO recording_chunks (agent_id, file, started_ms, ended_ms, frames, raw_bytes, stored_bytes) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const oldFrames: RecordedFrame[][] = [0, 1].map((n) => [
      {
        at: 1_000 + n * 10,
        full: true,
        rows: 2,
        columns: 20,
        changes: [{ row: 0, text: `old chunk ${n}` }],
        cursor: { x: 0, y: 1 },
      },
      {
        at: 1_005 + n * 10,
        full: false,
        rows: 2,
        changes: [{ row: 1, text: `second frame ${n}` }],
        cursor: { x: 0, y: 1 },
      },
    ]);
    for (const [n, frames] of oldFrames.entries()) {
      const raw = Buffer.from(frames.map((frame) => JSON.stringify(frame)).join('\n') + '\n');
      const data = gzipSync(raw);
      const file = join('gone-agent', `${1_000 + n * 10}-0000000${n}.jsonl.gz`);
      writeFileSync(join(dataDir, 'recordings', file), data, { mode: 0o600 });
      insert.run('gone-agent', file, 1_000 + n * 10, 1_005 + n * 10, 2, raw.length, data.length);
    }
    store.close();
    const world = recordedWorld({}, dataDir);
    await world.orchestrator.ready;
    const { frames } = await world.human<CommandOutput<'recording.frames'>>('recording.frames', {
      agent: 'gone-agent',
    });
    expect(screensOf(frames)).toEqual([
      ['old chunk 0', ''],
      ['old chunk 0', 'second frame 0'],
      ['old chunk 1', ''],
      ['old chunk 1', 'second frame 1'],
    ]);
    const listed = await world.human<CommandOutput<'recording.list'>>('recording.list', {
      agent: 'gone-agent',
    });
    expect(listed.recordings[0]).toMatchObject({ chunks: 2, from: new Date(1_000).toISOString() });
    expect(listed.recordings[0]!.bytes).toBe(
      readdirSync(join(dataDir, 'recordings', 'gone-agent')).reduce(
        (sum, name) => sum + statSync(join(dataDir, 'recordings', 'gone-agent', name)).size,
        0,
      ),
    );
    await world.orchestrator.close();
  });

  it('keeps each agent and the whole within their bounds, dropping the oldest chunks first and saying until when', async () => {
    const world = recordedWorld({ chunkBytes: 256, maxBytesPerAgent: 1500, maxBytesTotal: 2500 });
    const flood = await world.spawn('flood');
    const quiet = await world.spawn('quiet');
    await world.print(quiet.paneId!, 'a quiet agent says hello\r');
    for (let i = 0; i < 60; i++) await world.print(flood.paneId!, `y ${i} ${'x'.repeat(i % 7)}\r`);
    await world.pass(6000);
    const listed = await world.human<CommandOutput<'recording.list'>>('recording.list', {});
    const floodRec = listed.recordings.find((r) => r.agentId === flood.id)!;
    expect(floodRec.bytes).toBeLessThanOrEqual(1500);
    expect(listed.totalBytes).toBeLessThanOrEqual(2500);
    expect(floodRec.droppedUntil).not.toBeNull();
    expect(floodRec.droppedBytes).toBeGreaterThan(0);
    expect(Date.parse(floodRec.from!)).toBeGreaterThan(Date.parse(floodRec.droppedUntil!));
    const { frames, droppedUntil } = await world.human<CommandOutput<'recording.frames'>>(
      'recording.frames',
      { agent: 'flood', limit: 5000 },
    );
    expect(droppedUntil).toBe(floodRec.droppedUntil);
    expect(frames[0]!.full).toBe(true);
    expect(frames[0]!.at).toBeGreaterThan(Date.parse(droppedUntil!));
    expect(
      screensOf(frames)
        .at(-1)!
        .some((line) => line.startsWith('y 59')),
    ).toBe(true);
    const text = await world.human<CommandOutput<'recording.export'>>('recording.export', { agent: 'flood' });
    expect(text.content).toContain(`frames before ${droppedUntil} were dropped`);
    // Files on disk are exactly the indexed chunks.
    const onDisk = readdirSync(join(world.dataDir, 'recordings', flood.id)).map(
      (f) => statSync(join(world.dataDir, 'recordings', flood.id, f)).size,
    );
    expect(onDisk.reduce((a, b) => a + b, 0)).toBe(floodRec.bytes);
    await world.orchestrator.close();
  });

  it('drops a segment of several chunks a chunk at a time, its bytes freed with its last: what is on disk is what is counted', async () => {
    // 8,000 bytes for the agent: segments of 500 bytes, each holding a few chunks of ~256 bytes of JSON.
    const world = recordedWorld({ chunkBytes: 256, maxBytesPerAgent: 8000 });
    const flood = await world.spawn('flood');
    const folder = join(world.dataDir, 'recordings', flood.id);
    const onDisk = () => readdirSync(folder).reduce((sum, f) => sum + statSync(join(folder, f)).size, 0);
    let most = 0;
    for (let i = 0; i < 150; i++) {
      await world.print(flood.paneId!, `flood line ${i} ${'z'.repeat(i % 11)}\r`);
      if (i % 10 === 9) {
        const { recordings } = await world.human<CommandOutput<'recording.list'>>('recording.list', {
          agent: 'flood',
        });
        expect(recordings[0]!.bytes).toBe(onDisk());
        most = Math.max(most, recordings[0]!.chunks / readdirSync(folder).length);
      }
    }
    await world.pass(6000);
    const [listed] = (
      await world.human<CommandOutput<'recording.list'>>('recording.list', { agent: 'flood' })
    ).recordings;
    expect(most).toBeGreaterThan(1.5);
    expect(listed!.bytes).toBeLessThanOrEqual(8000);
    expect(listed!.bytes).toBe(onDisk());
    expect(listed!.droppedUntil).not.toBeNull();
    const { frames } = await world.human<CommandOutput<'recording.frames'>>('recording.frames', {
      agent: 'flood',
      limit: 5000,
    });
    expect(frames[0]!.full).toBe(true);
    expect(frames[0]!.at).toBeGreaterThan(Date.parse(listed!.droppedUntil!));
    expect(
      screensOf(frames)
        .at(-1)!
        .some((line) => line.startsWith('flood line 149')),
    ).toBe(true);
    await world.orchestrator.close();
  });

  it('stores no secret: frames, chunk files, the search index and the exports are redacted', async () => {
    const world = recordedWorld({ chunkBytes: 256 });
    const carol = await world.spawn('carol');
    await world.print(carol.paneId!, `export AWS_ACCESS_KEY_ID=${AWS_KEY}\r`);
    await world.print(carol.paneId!, `token is ghp_${'a1B2'.repeat(9)} ok\r`);
    await world.pass(6000);
    const frames = (
      await world.human<CommandOutput<'recording.frames'>>('recording.frames', { agent: 'carol' })
    ).frames;
    expect(JSON.stringify(frames)).toContain('[REDACTED');
    for (const format of ['text', 'asciicast'] as const) {
      const exported = await world.human<CommandOutput<'recording.export'>>('recording.export', {
        agent: 'carol',
        format,
      });
      expect(exported.content).toContain('[REDACTED');
      expect(exported.content).not.toContain(AWS_KEY);
    }
    await world.orchestrator.close();
    const stored = everythingStored(world.dataDir);
    expect(stored).toContain('[REDACTED');
    expect(stored).not.toContain(AWS_KEY);
    expect(stored).not.toContain('a1B2a1B2a1B2');
  });

  it("is the human's: agents are refused; bad ranges and unknown agents are typed errors", async () => {
    const world = recordedWorld();
    const dave = await world.spawn('dave');
    await world.print(dave.paneId!, 'hello\r');
    const asDave = { kind: 'agent', id: dave.id } as const;
    for (const name of ['recording.list', 'recording.frames', 'recording.export', 'recording.timeline']) {
      const input = name === 'recording.timeline' ? { agents: [dave.id] } : { agent: dave.id };
      await expect(world.orchestrator.invoke(asDave, name, input)).rejects.toMatchObject({
        code: 'forbidden',
      });
    }
    await expect(world.human('recording.frames', { agent: 'nobody' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      world.human('recording.frames', { agent: 'dave', from: 'yesterday' }),
    ).rejects.toBeInstanceOf(SwitchboardError);
    await expect(world.human('recording.export', { agent: 'dave', format: 'mp4' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await world.orchestrator.close();
  });

  it('makes printed lines searchable across the fleet within a second, grouped by agent, with time and snippet; dropped lines leave the index', async () => {
    const world = recordedWorld({ chunkBytes: 256, maxBytesPerAgent: 600 });
    const alice = await world.spawn('alice');
    const bob = await world.spawn('bob');
    await world.backend.sendText(alice.paneId!, 'error: migration 7 failed on table users\r');
    await world.backend.sendText(bob.paneId!, 'all tests passed\r');
    const printedAt = world.clock.now();
    await world.pass(1000);
    type Found = CommandOutput<'fleet.search'>;
    const found = await world.human<Found>('fleet.search', { query: 'migration failed' });
    expect(found.groups.map((group) => group.agentId)).toEqual([alice.id]);
    const hit = found.groups[0]!.hits[0]!;
    expect(hit).toMatchObject({ source: 'recording', memory: null, message: null });
    expect(hit.snippet).toContain('⟦migration⟧ 7 ⟦failed⟧');
    expect(hit.recording!.at).toBeGreaterThanOrEqual(printedAt);
    expect(hit.recording!.at).toBeLessThanOrEqual(printedAt + 1000);
    expect(hit.at).toBe(new Date(hit.recording!.at).toISOString());
    expect(
      (await world.human<Found>('fleet.search', { query: 'passed', sources: ['recording'] })).groups.map(
        (group) => group.agentId,
      ),
    ).toEqual([bob.id]);
    expect(
      (await world.human<Found>('fleet.search', { query: 'passed', sources: ['memory', 'message'] })).total,
    ).toBe(0);

    // Alice floods; her oldest chunks go, and with them her oldest lines in the index.
    for (let i = 0; i < 80; i++) await world.print(alice.paneId!, `flood line ${i} ${'z'.repeat(i % 5)}\r`);
    await world.pass(6000);
    const { recordings } = await world.human<CommandOutput<'recording.list'>>('recording.list', {
      agent: 'alice',
    });
    expect(recordings[0]!.droppedUntil).not.toBeNull();
    expect((await world.human<Found>('fleet.search', { query: 'migration' })).total).toBe(0);
    expect((await world.human<Found>('fleet.search', { query: 'flood' })).total).toBeGreaterThan(0);
    await world.orchestrator.close();
  });

  it("indexes an agent's lines of one chunk as one row, with the chunk, and a hit jumps to when its own line appeared", async () => {
    const world = recordedWorld({ indexMs: 1000, flushMs: 5000 });
    const carol = await world.spawn('carol');
    await world.backend.sendText(carol.paneId!, 'first step compiled\r');
    await world.pass(500);
    const secondAt = world.clock.now();
    await world.backend.sendText(carol.paneId!, 'second step linked\r');
    await world.pass(300);
    await world.backend.sendText(carol.paneId!, 'third step packaged\r');
    await world.pass(1500);
    const rowsNow = () => {
      const db = new Database(join(world.dataDir, 'switchboard.db'), { readonly: true });
      const rows = db
        .prepare<[string], { text: string }>('SELECT text FROM recording_lines WHERE agent_id = ?')
        .all(carol.id);
      db.close();
      return rows;
    };
    // Past an index batch (1 s) the lines still wait with their open chunk (a search would bring them in)…
    expect(rowsNow()).toEqual([]);
    // …and go in with it once it is written (5 s after its first frame) and the next batch comes: one row.
    await world.pass(5000);
    const rows = rowsNow();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text).toContain('second step linked');
    type Found = CommandOutput<'fleet.search'>;
    const atOf = async (query: string) =>
      (await world.human<Found>('fleet.search', { query, sources: ['recording'] })).groups[0]!.hits[0]!
        .recording!.at;
    const first = await atOf('compiled ');
    const second = await atOf('linked ');
    const third = await atOf('packaged ');
    expect(second).toBeGreaterThanOrEqual(secondAt);
    expect(second).toBeLessThan(secondAt + 300);
    expect(first).toBeLessThan(second);
    expect(third).toBeGreaterThan(second);
    // The recorded screen at the hit's moment shows its line.
    const { frames } = await world.human<CommandOutput<'recording.frames'>>('recording.frames', {
      agent: carol.id,
      to: new Date(second).toISOString(),
    });
    expect(
      screensOf(frames)
        .at(-1)!
        .some((line) => line.includes('second step linked')),
    ).toBe(true);
    await world.orchestrator.close();
  });

  it('records nothing when turned off', async () => {
    const world = recordedWorld({ enabled: false });
    const erin = await world.spawn('erin');
    await world.print(erin.paneId!, 'not recorded\r');
    expect(await world.human('recording.list', {})).toMatchObject({
      enabled: false,
      recordings: [],
      totalBytes: 0,
    });
    await world.orchestrator.close();
  });

  it('takes at most one screen per interval however often the pane is read, and always the last one', async () => {
    const world = recordedWorld({ intervalMs: 250 });
    const dana = await world.spawn('dana');
    // A line every 50 ms for 2 s: health reads the busy pane every 50 ms, the recorder hears each read.
    for (let i = 0; i < 40; i++) {
      await world.backend.sendText(dana.paneId!, `step ${i}\r`);
      await world.pass(50);
    }
    await world.pass(600);
    const { frames } = await world.human<CommandOutput<'recording.frames'>>('recording.frames', {
      agent: 'dana',
    });
    expect(frames.length).toBeGreaterThan(4);
    // 40 screens were read (one a line); a frame is taken per 250 ms at most, each timed when its screen was read.
    expect(frames.length).toBeLessThanOrEqual(2_000 / 250 + 3);
    expect(screensOf(frames).at(-1)).toContain('step 39');
    await world.orchestrator.close();
  });

  it('a search finds lines still waiting for their index batch', async () => {
    const world = recordedWorld({ indexMs: 60_000 });
    const erin = await world.spawn('erin');
    await world.print(erin.paneId!, 'quokka deployment finished\r');
    const found = await world.human<CommandOutput<'fleet.search'>>('fleet.search', {
      query: 'quokka',
      sources: ['recording'],
    });
    expect(found.groups.map((group) => group.agentId)).toEqual([erin.id]);
    await world.orchestrator.close();
  });

  it("puts the fleet's events for the agents on one timeline: messages out and in, locks, states; only in the range", async () => {
    const world = recordedWorld();
    const alice = await world.spawn('alice');
    const bob = await world.spawn('bob');
    const carol = await world.spawn('carol');
    const as = (agent: { id: string }) => (name: string, input: unknown) =>
      world.orchestrator.invoke({ kind: 'agent', id: agent.id }, name, input);
    await world.pass(200);
    const start = world.clock.now();
    await as(alice)('message.send', { to: { agent: 'bob' }, body: 'please review the schema change' });
    await world.pass(100);
    await as(alice)('lock.acquire', {
      resource: { kind: 'file', name: 'src/db/schema.ts' },
      reason: 'migration',
    });
    await world.pass(100);
    await as(carol)('message.send', { to: { agent: 'bob' }, body: 'not on alice or bob timeline? only bob' });
    await world.print(alice.paneId!, 'working\r');
    type Timeline = CommandOutput<'recording.timeline'>;
    const mine = await world.human<Timeline>('recording.timeline', {
      agents: ['alice', bob.id],
      from: new Date(start).toISOString(),
    });
    const seen = mine.events.map((event) => `${event.agentId === alice.id ? 'alice' : 'bob'} ${event.kind}`);
    expect(seen).toEqual(
      expect.arrayContaining(['alice message.out', 'bob message.in', 'alice lock.acquired']),
    );
    expect(mine.events.find((event) => event.kind === 'message.out')!.summary).toMatch(
      /^to bob · \w+: please review the schema change$/,
    );
    expect(mine.events.find((event) => event.kind === 'message.in')!.summary).toMatch(/^from alice · /);
    // The kind is shown beside the summary ("state: working"): the summary is the state alone.
    expect(mine.events.filter((e) => e.kind === 'state').map((e) => e.summary)).toContain('working');
    expect(mine.events.filter((e) => e.kind === 'state' && e.summary.startsWith('state'))).toEqual([]);
    expect(mine.events.some((event) => event.agentId === carol.id)).toBe(false);
    expect(mine.events.filter((event) => event.kind === 'message.in')).toHaveLength(2);
    expect(mine.events.map((event) => event.at)).toEqual(
      mine.events.map((event) => event.at).sort((a, b) => a - b),
    );
    expect(mine.events.every((event) => event.at >= start)).toBe(true);
    // A range before anything happened is empty; a limit says there is more.
    expect(
      (
        await world.human<Timeline>('recording.timeline', {
          agents: ['alice'],
          to: new Date(start - 1).toISOString(),
        })
      ).events.filter((event) => event.kind !== 'state'),
    ).toEqual([]);
    expect(
      await world.human<Timeline>('recording.timeline', { agents: ['alice', 'bob'], limit: 1 }),
    ).toMatchObject({
      more: true,
    });
    await expect(world.human('recording.timeline', { agents: [] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await world.orchestrator.close();
  });
});
