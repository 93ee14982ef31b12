import { describe, expect, it } from 'vitest';
import { BundleManifest, type CommandOutput } from '@switchboard/protocol';
import type { RecordingOptions } from '../../src/recordings/recording-options';
import { unpackTarGz } from '../../src/testing/index';
import { recordedWorld } from './recorded-world';

/** A recorded world that also packs and unpacks bundles (with the system's tar). */
function bundleWorld(options: Partial<RecordingOptions>) {
  const world = recordedWorld(options);
  const bundle = async (input: Record<string, unknown>) => {
    const output = await world.human<CommandOutput<'recording.bundle'>>('recording.bundle', input);
    const files = await unpackTarGz(Buffer.from(output.archive, 'base64'));
    const text = (path: string) => files.get(path)?.text ?? '';
    return { output, files, text, manifest: BundleManifest.parse(JSON.parse(text('manifest.json'))) };
  };
  return { ...world, bundle };
}

const iso = (ms: number) => new Date(ms).toISOString();
const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('recording.bundle', () => {
  it('holds the range only: frames, events and messages before and after it stay out', async () => {
    const world = bundleWorld({ chunkBytes: 512 });
    const ann = await world.spawn('ann');
    const ben = await world.spawn('ben');
    await world.human('message.send', { to: { agent: 'ann' }, body: 'before the range' });
    await world.print(ann.paneId!, 'printed before\r');
    const from = world.clock.now();
    await world.pass(100);
    await world.print(ann.paneId!, 'printed inside\r');
    await world.human('message.send', { to: { agent: 'ben' }, body: 'inside the range' });
    await world.print(ben.paneId!, 'ben inside\r');
    const to = world.clock.now();
    await world.pass(100);
    await world.human('message.send', { to: { agent: 'ben' }, body: 'after the range' });
    await world.print(ann.paneId!, 'printed after\r');

    const { manifest, text } = await world.bundle({ from: iso(from), to: iso(to) });
    expect(manifest).toMatchObject({ from: iso(from), to: iso(to), truncated: false });
    const messages = lines(text('messages.jsonl')).map((line) => JSON.parse(line) as { body: string });
    expect(messages.map((message) => message.body)).toEqual(['inside the range']);
    const events = lines(text('events.jsonl')).map(
      (line) => JSON.parse(line) as { at: string; kind: string },
    );
    expect(events.map((event) => event.kind)).toContain('message.in');
    for (const event of events) expect(event.at >= iso(from) && event.at <= iso(to)).toBe(true);
    const annCast = manifest.files.find((file) => file.kind === 'asciicast' && file.path.includes('ann'))!;
    const cast = text(annCast.path);
    expect(cast).toContain('printed inside');
    expect(cast).not.toContain('printed after');
    for (const [i, line] of lines(cast).entries()) {
      const parsed = JSON.parse(line) as unknown;
      if (i > 0) expect(parsed).toEqual([expect.any(Number), expect.any(String), expect.any(String)]);
    }
    await world.orchestrator.close();
  });

  it('stays within its bound, sharing it between agents, every cut file still whole lines and marked truncated', async () => {
    const world = bundleWorld({ chunkBytes: 512, bundleBytes: 6_000 });
    const loud = await world.spawn('loud');
    const calm = await world.spawn('calm');
    await world.print(calm.paneId!, 'calm says one thing\r');
    for (let i = 0; i < 80; i++) await world.print(loud.paneId!, `loud line ${i} ${'z'.repeat(30)}\r`);

    const { manifest, files, text } = await world.bundle({});
    const contentBytes = [...files]
      .filter(([path]) => path !== 'manifest.json')
      .reduce((sum, [, file]) => sum + Buffer.byteLength(file.text), 0);
    expect(contentBytes).toBeLessThanOrEqual(6_000);
    expect(manifest.maxBytes).toBe(6_000);
    expect(manifest.truncated).toBe(true);
    const loudCast = manifest.files.find((file) => file.kind === 'asciicast' && file.agentId === loud.id)!;
    expect(loudCast.truncated).toBe(true);
    for (const line of lines(text(loudCast.path))) expect(() => JSON.parse(line) as unknown).not.toThrow();
    // The loud agent does not crowd out the calm one.
    const calmCast = manifest.files.find((file) => file.kind === 'asciicast' && file.agentId === calm.id)!;
    expect(text(calmCast.path)).toContain('calm says one thing');
    await world.orchestrator.close();
  });

  it("is the human's: an agent is refused, and bad times are typed errors", async () => {
    const world = bundleWorld({});
    const eve = await world.spawn('eve');
    await world.print(eve.paneId!, 'hello\r');
    await expect(
      world.orchestrator.invoke({ kind: 'agent', id: eve.id }, 'recording.bundle', {}),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(world.human('recording.bundle', { to: 'soon' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(world.human('recording.bundle', { agents: [] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await world.orchestrator.close();
  });
});
