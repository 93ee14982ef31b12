import { describe, expect, it } from 'vitest';
import { pythonAvailable, runPythonClient } from './python-harness';

describe.skipIf(!pythonAvailable)(
  'an independent Python client (websockets 10.4 + protobuf, as iterm2/connection.py uses them)',
  () => {
    for (const transport of ['unix', 'tcp'] as const) {
      it(`replays the library's common calls over ${transport}`, async () => {
        const out = await runPythonClient('smoke_client.py', transport);
        expect(out).toMatchObject({
          subprotocol: 'api.iterm2.com',
          protocolVersion: '1.17',
          extensions: null,
          initialWindows: 0,
          subscribeStatuses: [0, 0, 0, 0, 0],
          create: { status: 0, tabIdType: 'int', windowPrefix: 'pty-' },
          split: { status: 0, count: 1 },
          tree: { vertical: true, widths: [39, 40] },
          sendStatus: 0,
          screen: { rows: 25, sawOutput: true },
          setProfileStatus: 0,
          profile: { 'Badge Text': 'py', 'Use Tab Color': true },
          variables: ['red', 39],
          moveToNewTab: 'success',
          closeStatuses: [0],
        });
        expect(out['notificationKinds']).toEqual(
          expect.arrayContaining([
            'new_session_notification',
            'layout_changed_notification',
            'focus_changed_notification',
            'terminate_session_notification',
          ]),
        );
      });
    }
  },
);
