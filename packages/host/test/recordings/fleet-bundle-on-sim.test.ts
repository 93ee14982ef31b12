// A fleet session bundle from real shells behind the embedded iTerm2-API server: unpacked by the system's
// own `tar`, its manifest lists what is there, each agent's asciicast parses as asciinema's v2 format and
// plays to what the pane showed, events and messages are those of the range only, and nothing secret is
// in it. Only the human may ask for one: an agent's own MCP link is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, unpackTarGz } from '@switchboard/core/testing';
import { callHostTool } from '@switchboard/mcp-server/clients';
import { BundleManifest, humanCaller, type CommandOutput } from '@switchboard/protocol';
import type { Host } from '../../src/index';
import { startTestHost } from '../host-fixture';

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let host: Host;
const api = <T>(name: string, input: unknown) =>
  host.orchestrator.invoke(humanCaller, name, input) as Promise<T>;

/** Prints with a real shell and waits until the recording holds the line (the recorder's pace). */
async function printed(agent: string, command: string, expected: string) {
  await api('pane.send', { targets: [agent], text: command });
  await eventually(
    async () =>
      (await api<CommandOutput<'recording.export'>>('recording.export', { agent })).content.includes(
        expected,
      ),
    30_000,
    `${agent}'s recording of "${expected}"`,
  );
}

/** Unpacks with the system's tar; every file owner-only. */
async function unpack(archive: Buffer): Promise<Map<string, string>> {
  const files = await unpackTarGz(archive);
  for (const { mode } of files.values()) expect(mode).toBe(0o600);
  return new Map([...files].map(([path, { text }]) => [path, text]));
}

const jsonLines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

let from: string;
let to: string;
let alphaToken: string;

beforeAll(async () => {
  host = (await startTestHost({ backend: 'sim', recordings: { intervalMs: 50 } })).host;
  for (const name of ['alpha', 'beta']) await api('agent.spawn', { name, kind: 'shell', role: 'builder' });
  alphaToken = (await api<{ token: string }>('agent.issueToken', { agent: 'alpha' })).token;
  const asAlpha = (tool: string, args: Record<string, unknown>) =>
    callHostTool(host.mcpUrl, alphaToken, tool, args);

  // Before the range: a note to alpha, a line on its screen.
  await api('message.send', { to: { agent: 'alpha' }, body: 'early note before the range' });
  await printed('alpha', 'echo "early-$((1+1))"', 'early-2');
  await pause(50);
  from = new Date().toISOString();
  await pause(50);

  // In the range: both agents print (one a key), alpha writes to beta (with the key) and takes a lock.
  await printed('alpha', 'echo "inside-$((20+22))"', 'inside-42');
  await printed('beta', `printf '\\033[31m%s\\033[0m\\n' "beta $((3*3)) red"`, 'beta 9 red');
  await printed('alpha', `echo "deploy with ${AWS_KEY}"`, 'deploy with');
  await asAlpha('message_send', { to: { agent: 'beta' }, body: `use key ${AWS_KEY} for the deploy` });
  await asAlpha('lock_acquire', { resource: { kind: 'file', name: 'src/deploy.ts' }, reason: 'deploying' });
  await pause(50);
  to = new Date().toISOString();
  await pause(50);

  // After the range.
  await api('message.send', { to: { agent: 'beta' }, body: 'late note after the range' });
  await printed('alpha', 'echo "after-$((4+5))"', 'after-9');
}, 180_000);
afterAll(async () => host?.close());

describe('recording.bundle on the embedded iTerm2-API server', { timeout: 120_000 }, () => {
  it("packs the range's events, messages and each agent's recording into a tar.gz with a manifest, redacted", async () => {
    const bundle = await api<CommandOutput<'recording.bundle'>>('recording.bundle', { from, to });
    expect(bundle.fileName).toMatch(/^switchboard-bundle-.+\.tar\.gz$/);
    const files = await unpack(Buffer.from(bundle.archive, 'base64'));

    // The manifest comes first and lists every other file with its size.
    expect([...files.keys()][0]).toBe('manifest.json');
    const manifest = BundleManifest.parse(JSON.parse(files.get('manifest.json')!));
    expect(manifest).toMatchObject({ format: 'switchboard-bundle', version: 1, from, to, truncated: false });
    expect(manifest.agents.map((agent) => agent.name).sort()).toEqual(['alpha', 'beta']);
    expect(manifest.files.map((file) => file.path).sort()).toEqual(
      [...files.keys()].filter((path) => path !== 'manifest.json').sort(),
    );
    for (const file of manifest.files) expect(Buffer.byteLength(files.get(file.path)!)).toBe(file.bytes);
    expect(bundle.manifest).toEqual(manifest);

    // Each agent's asciicast is asciinema's v2: a header, then [time, code, data] events in time order.
    const casts = manifest.files.filter((file) => file.kind === 'asciicast');
    expect(casts).toHaveLength(2);
    const played = new Map<string, string>();
    for (const file of casts) {
      const [header, ...events] = files.get(file.path)!.trimEnd().split('\n');
      expect(JSON.parse(header!)).toMatchObject({
        version: 2,
        width: expect.any(Number),
        height: expect.any(Number),
      });
      let last = 0;
      let output = '';
      for (const line of events) {
        const [time, code, data] = JSON.parse(line) as [number, string, string];
        expect(['o', 'r', 'm']).toContain(code);
        expect(time).toBeGreaterThanOrEqual(last);
        expect(typeof data).toBe('string');
        last = time;
        if (code === 'o') output += data;
      }
      expect(file.entries).toBe(events.length + 1);
      played.set(manifest.agents.find((agent) => agent.id === file.agentId)!.name, output);
    }
    expect(played.get('alpha')).toContain('inside-42');
    expect(played.get('alpha')).not.toContain('after-9');
    expect(played.get('beta')).toContain('beta 9 red');

    // Transcripts: every line timed inside the range.
    const alphaText = files.get(
      manifest.files.find((f) => f.kind === 'transcript' && f.path.includes('alpha'))!.path,
    )!;
    const stamps = [...alphaText.matchAll(/^(\S+Z) {2}/gm)].map((match) => match[1]!);
    expect(stamps.length).toBeGreaterThan(0);
    for (const stamp of stamps) expect(stamp >= from && stamp <= to).toBe(true);
    expect(alphaText).toContain('inside-42');
    expect(alphaText).not.toContain('after-9');

    // Events and messages of the range only: alpha's message to beta and its lock, not the notes before and after.
    const events = jsonLines(files.get('events.jsonl'));
    for (const event of events) expect(String(event['at']) >= from && String(event['at']) <= to).toBe(true);
    expect(events).toContainEqual(expect.objectContaining({ agent: 'alpha', kind: 'message.out' }));
    expect(events).toContainEqual(expect.objectContaining({ agent: 'beta', kind: 'message.in' }));
    expect(events).toContainEqual(
      expect.objectContaining({
        agent: 'alpha',
        kind: 'lock.acquired',
        summary: expect.stringContaining('src/deploy.ts'),
      }),
    );
    const messages = jsonLines(files.get('messages.jsonl'));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      from: { name: 'alpha' },
      to: [{ name: 'beta' }],
      body: 'use key [REDACTED:aws] for the deploy',
    });
    const audit = jsonLines(files.get('audit.jsonl'));
    expect(audit.length).toBeGreaterThan(0);
    for (const entry of audit) expect(String(entry['at']) >= from && String(entry['at']) <= to).toBe(true);
    // What alpha did over its MCP link (its message and lock) is there under its own id.
    const alphaId = manifest.agents.find((agent) => agent.name === 'alpha')!.id;
    expect(audit).toContainEqual(expect.objectContaining({ actor: { kind: 'agent', id: alphaId } }));

    // Nothing secret anywhere in it (the key was printed in alpha's pane and sent in a message).
    const everything = [...files.values()].join('\n');
    expect(everything).toContain('deploy with');
    expect(everything).not.toContain(AWS_KEY);
    expect(everything).not.toContain('early note');
    expect(everything).not.toContain('late note');
  });

  it('narrows to one agent, refuses bad input with a typed error, and refuses an agent its own MCP link', async () => {
    const one = await api<CommandOutput<'recording.bundle'>>('recording.bundle', {
      from,
      to,
      agents: ['beta'],
    });
    expect(one.manifest.agents.map((agent) => agent.name)).toEqual(['beta']);
    expect(one.manifest.files.filter((file) => file.agentId !== undefined).map((file) => file.kind)).toEqual([
      'asciicast',
      'transcript',
    ]);

    await expect(api('recording.bundle', { from: 'yesterday-ish' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(api('recording.bundle', { agents: ['nobody'] })).rejects.toMatchObject({
      code: 'not_found',
    });

    // The human's MCP link (what `switchboard export --bundle` uses) gets it; an agent's is refused.
    const human = await callHostTool(host.mcpUrl, host.token, 'recording_bundle', { from, to });
    expect(BundleManifest.parse(human['manifest']).agents).toHaveLength(2);
    await expect(callHostTool(host.mcpUrl, alphaToken, 'recording_bundle', {})).rejects.toMatchObject({
      code: expect.stringMatching(/forbidden|not_found/),
    });
  });
});
