import { afterEach, describe, expect, it } from 'vitest';
import type { BackendEvent } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { ITerm2Client } from '../../src/client/client';
import { ITerm2Api } from '../../src/client/operations';
import { staticAuth } from '../../src/client/auth';
import { startSimWithBackend, type SimAndBackend } from './sim-backend';

let subject: SimAndBackend | undefined;
let other: ITerm2Client | undefined;
afterEach(async () => {
  await other?.close();
  await subject?.dispose();
  subject = other = undefined;
});

describe('broadcast domains on the embedded server, with real shells', () => {
  it('typing into one pane of a domain types into all of it; Switchboard’s own writes never broadcast', async () => {
    subject = await startSimWithBackend();
    const { backend, server, socketPath } = subject;
    const events: BackendEvent[] = [];
    backend.onEvent((e) => events.push(e));
    const a = await backend.createPane({});
    const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
    const c = await backend.createPane({ placement: { kind: 'window' } });
    const screen = async (id: string) => (await backend.readScreen(id)).lines.join('\n');
    const shows = (id: string, text: string) =>
      eventually(async () => (await screen(id)).includes(text) || undefined, 10_000, `${text} in ${id}`);

    await backend.setBroadcastDomains([[a.id, b.id]]);
    expect(await backend.getBroadcastDomains()).toEqual([[a.id, b.id]]);
    await eventually(
      () => events.some((e) => e.type === 'broadcast.changed') || undefined,
      5_000,
      'broadcast.changed',
    );
    expect(events.find((e) => e.type === 'broadcast.changed')).toEqual({
      type: 'broadcast.changed',
      domains: [[a.id, b.id]],
    });

    // The person types into a: both shells run it; c, outside the domain, does not.
    expect(server.type(a.id, 'echo typed-$((40+2))\r')).toBe(true);
    await shows(a.id, 'typed-42');
    await shows(b.id, 'typed-42');
    // Another script's send_text broadcasts too (iTerm2's default without suppress_broadcast).
    other = await ITerm2Client.connect({ endpoint: { socketPath }, auth: staticAuth({}), reconnect: false });
    await new ITerm2Api(other).sendText(b.id, 'echo script-$((6*7))\r');
    await shows(a.id, 'script-42');

    // What Switchboard types (a message, a key) is for that pane alone.
    await backend.sendText(a.id, 'echo only-$((5*5))\r');
    await shows(a.id, 'only-25');
    await backend.sendText(b.id, 'echo marker-$((3*3))\r');
    await shows(b.id, 'marker-9');
    expect(await screen(b.id)).not.toContain('only-25');
    expect(await screen(c.id)).not.toContain('typed-42');

    // iTerm2's rules: one window per domain; a domain left with one pane ends.
    await expect(backend.setBroadcastDomains([[a.id, c.id]])).rejects.toThrow(/SESSIONS_NOT_IN_SAME_WINDOW/);
    expect(await backend.getBroadcastDomains()).toEqual([[a.id, b.id]]);
    await backend.closePane(b.id);
    expect(await backend.getBroadcastDomains()).toEqual([]);
  });
});
