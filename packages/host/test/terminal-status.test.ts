// Status where the person looks, end to end: the host drives the embedded iTerm2-API server as it would iTerm2, and
// what iTerm2 would show (the session's tab colour and badge, Switchboard's status-bar components) is read back
// from the server: its profile through a second API connection, its status bar through its own evaluation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Agent, type SwitchboardEvent, type Team } from '@switchboard/protocol';
import { stateTabColor } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { colorDict, ITerm2Api, ITerm2Client, staticAuth } from '@switchboard/iterm-bridge';
import { startSimServer, type SimServer } from '@switchboard/iterm-bridge/sim';
import { startHost, type Host } from '../src/index';
import { quote } from './support/shell-words';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A program that declares its own state (OSC 1337 SetUserVar) at each line it reads: working, then error. (It waits
 * for a line first: a declaration made before Switchboard has bound the pane to its agent is not heard.)
 */
const DECLARING = [
  'declare_state() { printf "\\033]1337;SetUserVar=switchboardState=%s\\007" "$(printf %s "$1" | base64)"; }',
  'read first',
  'declare_state working',
  'read line',
  'declare_state error',
  'sleep 600',
].join('; ');

describe('terminal status on the embedded iTerm2-API server', () => {
  it("the session's tab colour and badge follow the agent's state; the status bar shows it; a click opens the agent", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sb-status-'));
    const socketPath = join(folder, 'api.sock');
    const server: SimServer = await startSimServer({ unixPath: socketPath });
    const host: Host = await startHost({
      dataDir: folder,
      backend: 'iterm2',
      iterm2Socket: socketPath,
      writeHostFile: false,
    });
    const reader = await ITerm2Client.connect({
      endpoint: { socketPath },
      auth: staticAuth({}),
      reconnect: false,
    });
    cleanups.push(
      () => rmSync(folder, { recursive: true, force: true }),
      () => server.close(),
      () => host.close(),
      () => reader.close(),
    );
    const api = new ITerm2Api(reader);
    const events: SwitchboardEvent[] = [];
    host.orchestrator.subscribe((event) => events.push(event));
    const human = <T>(name: string, input: unknown) =>
      host.orchestrator.invoke(humanCaller, name, input) as Promise<T>;

    const team = await human<Team>('team.create', { name: 'web' });
    const agent = await human<Agent>('agent.spawn', {
      name: 'builder-1',
      kind: 'shell',
      team: 'web',
      command: `bash --norc --noprofile -c ${quote(DECLARING)}`,
    });
    const pane = agent.paneId!;
    const profile = () => api.getProfileProperties(pane, ['Tab Color', 'Use Tab Color', 'Badge Text']);
    const agentItem = async () =>
      (await server.scripting.statusBar(pane)).find(
        (item) => item.identifier === 'com.switchboard.agent-status',
      );

    await host.backend.sendText(pane, '\r');
    await eventually(
      async () => (await profile())['Badge Text'] === 'builder-1\ncustom · working',
      20_000,
      'badge shows working',
    ).catch(async (error: unknown) => {
      const screen = await host.backend.readScreen(pane);
      throw new Error(
        `${String(error)}; profile ${JSON.stringify(await profile())}; health ${JSON.stringify(host.orchestrator.health.get(agent.id))}; screen ${screen.lines.join('|')}`,
      );
    });
    expect(await profile()).toEqual({
      'Tab Color': colorDict(team.color),
      'Use Tab Color': true,
      'Badge Text': 'builder-1\ncustom · working',
    });
    expect(((await agentItem())!.value as string[]).at(-1)).toBe('working');

    await host.backend.sendText(pane, '\r');
    await eventually(
      async () => (await profile())['Badge Text'] === 'builder-1\ncustom · error',
      20_000,
      'badge shows error',
    );
    expect((await profile())['Tab Color']).toEqual(colorDict(stateTabColor(team.color, 'error')));
    expect(((await agentItem())!.value as string[])[0]).toMatch(/^error · \d+s$/);
    const fleet = (await server.scripting.statusBar(pane)).find(
      (item) => item.identifier === 'com.switchboard.fleet-summary',
    );
    expect(fleet!.value).toBe('1 error');

    expect(await server.scripting.clickStatusBarComponent(pane, 'com.switchboard.agent-status')).toEqual({
      value: null,
    });
    await eventually(() =>
      events.some((e) => e.type === 'terminal.status_clicked' && e.agentId === agent.id),
    );
  }, 90_000);
});
