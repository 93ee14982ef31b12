import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Agent } from '@switchboard/protocol';
import type { Host } from '../src/index';
import { startTestHost } from './host-fixture';

/**
 * `POST /hook` and `/hook/codex`: how an agent on a machine without Switchboard reports its CLI's hooks
 * (its relay posts the hook's JSON through the tunnel). Same rules as `switchboard hook`: only the event
 * and its labels count, as the token's agent; anyone else, anything else or too much changes nothing.
 */
describe('the hook endpoint', () => {
  let host: Host | undefined;
  afterEach(async () => {
    await host?.close();
  });

  async function claudeAgent() {
    ({ host } = await startTestHost());
    const { agent, token } = await host.orchestrator.fleet.spawn({
      name: 'far',
      kind: 'claude',
      command: 'cat',
      role: 'builder',
    });
    const post = (body: string, headers: Record<string, string> = {}, path = '/hook') =>
      fetch(`${host!.url}${path}`, { method: 'POST', headers, body });
    const state = async () =>
      ((await host!.orchestrator.invoke(humanCaller, 'agent.list', {})) as { agents: Agent[] }).agents.find(
        (a) => a.id === agent.id,
      )!.state;
    return { agent, token, post, state };
  }

  it("reports a hook's event as the token's agent (Claude Code's hooks outrank the screen), answering 204", async () => {
    const { token, post, state } = await claudeAgent();
    const auth = { authorization: `Bearer ${token}` };
    const prompt = JSON.stringify({
      hook_event_name: 'UserPromptSubmit',
      session_id: 'remote-session-1',
      prompt: 'a secret prompt that must not be kept',
    });
    expect((await post(prompt, auth)).status).toBe(204);
    expect(await state()).toBe('working');
    expect((await post(JSON.stringify({ hook_event_name: 'Stop' }), auth)).status).toBe(204);
    expect(await state()).toBe('idle');
  });

  it('refuses no token, a wrong one, the human token, another method and too much; ignores what is not a hook', async () => {
    const { token, post, state } = await claudeAgent();
    const before = await state();
    const working = JSON.stringify({ hook_event_name: 'UserPromptSubmit' });
    expect((await post(working)).status).toBe(401);
    expect((await post(working, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await post(working, { authorization: `Bearer ${host!.token}` })).status).toBe(403);
    expect((await fetch(`${host!.url}/hook`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      405,
    );
    const huge = JSON.stringify({ hook_event_name: 'UserPromptSubmit', pad: 'x'.repeat(1024 * 1024) });
    expect((await post(huge, { authorization: `Bearer ${token}` })).status).toBe(413);
    for (const junk of ['not json', 'null', '[]', JSON.stringify({ hook_event_name: '$(id)' })])
      expect((await post(junk, { authorization: `Bearer ${token}` })).status).toBe(204);
    expect(await state()).toBe(before);
    // Codex's notify payload on its own path: a finished turn is read, anything else ignored.
    const turn = JSON.stringify({ type: 'agent-turn-complete', 'thread-id': 't-1' });
    expect((await post(turn, { authorization: `Bearer ${token}` }, '/hook/codex')).status).toBe(204);
  });
});
