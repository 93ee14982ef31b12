import { mkdtempSync, realpathSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotificationType, VariableScope } from '../../src/gen/api_pb';
import { startSimServer, type SimServer } from '../../src/sim/index';
import { sub } from './helpers';
import { BASH, RawClient } from './raw-client';

/**
 * A pane's `path` variable, as iTerm2 keeps it: the folder the pane was created in, then the shell's current
 * directory (looked up after output with a line feed, at most once a second) until shell integration reports one
 * (OSC 7, `OSC 1337 ; CurrentDir=`), which then wins. Before session 25 it read the server's own working folder.
 */
describe('the session variable `path` (embedded iTerm2 server)', () => {
  let server: SimServer;
  let client: RawClient;
  let root: string;
  let created: string;
  let moved: string;
  let session: string;
  beforeAll(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'sim-path-')));
    created = join(root, 'created here');
    moved = join(root, 'moved');
    mkdirSync(created);
    mkdirSync(moved);
    server = await startSimServer({ shell: BASH, screenUpdateIntervalMs: 0 });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    client = await RawClient.connect({ port: server.port });
    const r = sub(
      await client.request({
        case: 'createTabRequest',
        value: {
          customProfileProperties: [
            { key: 'Custom Directory', jsonValue: '"Yes"' },
            { key: 'Working Directory', jsonValue: JSON.stringify(created) },
          ],
        },
      }),
      'createTabResponse',
    );
    expect(r.status).toBe(0);
    session = r.sessionId;
    const monitor = sub(
      await client.request({
        case: 'notificationRequest',
        value: {
          session: '',
          subscribe: true,
          notificationType: NotificationType.NOTIFY_ON_VARIABLE_CHANGE,
          arguments: {
            case: 'variableMonitorRequest',
            value: { name: 'path', scope: VariableScope.SESSION, identifier: session },
          },
        },
      }),
      'notificationResponse',
    );
    expect(monitor.status).toBe(0);
  });
  afterEach(async () => {
    await client.request({
      case: 'closeRequest',
      value: { target: { case: 'sessions', value: { sessionIds: server.sessionIds() } }, force: true },
    });
    await client.close();
  });

  const read = async (name: string) =>
    JSON.parse(
      sub(
        await client.request({
          case: 'variableRequest',
          value: { scope: { case: 'sessionId', value: session }, get: [name] },
        }),
        'variableResponse',
      ).values[0]!,
    ) as unknown;
  const type = (text: string) =>
    client.request({ case: 'sendTextRequest', value: { session, text: `${text}\r` } });
  /** The values the path monitor announced, in order. */
  const announced = () =>
    client
      .notifications()
      .flatMap((n) =>
        n.variableChangedNotification?.name === 'path'
          ? [JSON.parse(n.variableChangedNotification.jsonNewValue)]
          : [],
      );
  const announcedOnce = (path: string) =>
    client.waitFor(
      (m) =>
        m.kind === 'notification' &&
        m.notification.variableChangedNotification?.identifier === session &&
        m.notification.variableChangedNotification.jsonNewValue === JSON.stringify(path),
      20_000,
    );

  it('starts as the folder the pane was created in, then follows a `cd` of the shell (no shell integration)', async () => {
    expect(await read('path')).toBe(created);
    await type(`cd '${moved}'`);
    await type('echo a line after the cd');
    await announcedOnce(moved);
    expect(await read('path')).toBe(moved);
    await type('cd ..');
    await type('echo another line');
    await announcedOnce(root);
    expect(await read('path')).toBe(root);
    expect(announced()).toEqual([moved, root]);
  });

  it('once the shell reports its folder (OSC 7, CurrentDir), a `cd` it does not report leaves path alone', async () => {
    await type(`printf '\\033]7;file://far-host/reported%%20by%%20osc7\\007'`);
    await announcedOnce('/reported by osc7');
    expect(await read('hostname')).toBe('far-host');
    // Lines after the cd, a second apart: without shell integration each would poll the shell's folder.
    await type(
      `cd '${moved}'; echo; sleep 1.2; echo; printf '\\033]1337;CurrentDir=/reported/by/currentdir\\007'`,
    );
    await announcedOnce('/reported/by/currentdir');
    expect(await read('path')).toBe('/reported/by/currentdir');
    expect(announced()).toEqual(['/reported by osc7', '/reported/by/currentdir']);
  });
});
