import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startSimServer } from '../../src/sim/index';
import { BASH } from './raw-client';

const PYTHON = '/usr/bin/python3';
const proto = fileURLToPath(new URL('../../proto', import.meta.url));
const script = fileURLToPath(new URL('./python/smoke_client.py', import.meta.url));
// Needs Debian's python3-websockets (10.4, the library's own transport) + python3-protobuf + protoc.
const available =
  spawnSync(PYTHON, ['-c', 'import websockets.legacy.client, google.protobuf'], { stdio: 'ignore' })
    .status === 0 && spawnSync('protoc', ['--version'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!available)(
  'an independent Python client (websockets 10.4 + protobuf, as iterm2/connection.py uses them)',
  () => {
    for (const transport of ['unix', 'tcp'] as const) {
      it(`replays the library's common calls over ${transport}`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'sim-py-'));
        const unixPath = join(dir, 'socket');
        const server = await startSimServer({
          shell: BASH,
          ...(transport === 'unix' ? { unixPath } : { port: 0 }),
        });
        try {
          const gen = spawnSync('protoc', [`--python_out=${dir}`, `-I${proto}`, 'api.proto']);
          expect(gen.status).toBe(0);
          const target = transport === 'unix' ? `unix:${unixPath}` : `tcp:${server.port}`;
          // Async spawn: the server lives in this process and must keep serving while Python runs.
          const { spawn } = await import('node:child_process');
          const child = spawn(PYTHON, [script, dir, target], { stdio: ['ignore', 'pipe', 'pipe'] });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
          expect(stderr).toBe('');
          expect(code).toBe(0);
          const out = JSON.parse(stdout) as Record<string, unknown>;
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
        } finally {
          await server.close();
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  },
);
