import { describe, expect, it } from 'vitest';
import { BundleManifest, type CommandOutput } from '@switchboard/protocol';
import { unpackTarGz } from '../../src/testing/index';
import { recordedWorld } from './recorded-world';

/**
 * A recording is kept after its agent closes, for the post-mortem: it names the agent by the name it had,
 * not by its id (found session 27: the recordings named agents through "an open agent by id", the messaging and
 * approvals domains through the agents' records; `FleetRepository.nameOf` is now the one way).
 */
describe("a closed agent's recording", () => {
  it('names the agent in the export, the timeline and the bundle, at once after the close', async () => {
    const world = recordedWorld({ chunkBytes: 512 });
    const alice = await world.spawn('alice');
    const bob = await world.spawn('bob');
    await world.print(alice.paneId!, 'alice was here\r');
    await world.orchestrator.invoke({ kind: 'agent', id: alice.id }, 'message.send', {
      to: { agent: 'bob' },
      body: 'the schema is ready',
    });
    await world.human('agent.close', { agent: 'alice' });

    const text = await world.human<CommandOutput<'recording.export'>>('recording.export', {
      agent: alice.id,
      format: 'text',
    });
    expect(text.content.split('\n')[0]).toBe(`# Switchboard recording of alice (${alice.id})`);
    expect(text.fileName).toMatch(/^alice-/);
    const cast = await world.human<CommandOutput<'recording.export'>>('recording.export', {
      agent: alice.id,
      format: 'asciicast',
    });
    expect(JSON.parse(cast.content.split('\n')[0]!)).toMatchObject({
      title: 'alice (Switchboard recording)',
    });

    const { events } = await world.human<CommandOutput<'recording.timeline'>>('recording.timeline', {
      agents: [bob.id],
    });
    expect(events.filter((e) => e.kind === 'message.in').map((e) => e.summary)).toEqual([
      'from alice · notification: the schema is ready',
    ]);

    const bundle = await world.human<CommandOutput<'recording.bundle'>>('recording.bundle', {});
    const files = await unpackTarGz(Buffer.from(bundle.archive, 'base64'));
    const manifest = BundleManifest.parse(JSON.parse(files.get('manifest.json')!.text));
    expect(manifest.agents.find((agent) => agent.id === alice.id)?.name).toBe('alice');
    expect(manifest.files.filter((file) => file.agentId === alice.id).map((file) => file.path)).toEqual([
      expect.stringMatching(/^recordings\/alice-.*\.cast$/),
      expect.stringMatching(/^recordings\/alice-.*\.txt$/),
    ]);
    const messages = files
      .get('messages.jsonl')!
      .text.split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { from: { name: string } });
    expect(messages.map((message) => message.from.name)).toContain('alice');
    await world.orchestrator.close();
  });
});
