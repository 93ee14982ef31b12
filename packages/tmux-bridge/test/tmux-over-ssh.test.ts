import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import type { BackendEvent } from '@switchboard/core';
import { MAX_REMOTE_OUTPUT_BYTES } from '../src/remote-command';
import { TmuxBackend } from '../src/tmux-backend';
import { freePort, sshAvailable, startSshServer } from './ssh-server';

const suite = sshAvailable && spawnSync('tmux', ['-V']).status === 0 ? describe : describe.skip;

suite('TmuxBackend over SSH to a real OpenSSH server on 127.0.0.1', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** An sshd, a socket for the "remote" tmux server, and a local HTTP server answering `answer` that only a tunnel reaches there. */
  async function sshdAndLocalServer(answer: string) {
    const sshd = await startSshServer();
    cleanup.push(() => sshd.dispose());
    const remoteSocket = join(mkdtempSync(join(tmpdir(), 'sb-remote-')), 'tmux.sock');
    cleanup.push(() => {
      spawnSync('tmux', ['-S', remoteSocket, 'kill-server']);
      rmSync(join(remoteSocket, '..'), { recursive: true, force: true });
    });
    const local = createServer((_req, res) => res.end(answer));
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => local.close(resolve)));
    return { sshd, remoteSocket, localPort: (local.address() as { port: number }).port };
  }

  it('drives remote panes, keeps them through a dropped connection, and carries a reverse tunnel', async () => {
    const { sshd, remoteSocket, localPort } = await sshdAndLocalServer('through-the-tunnel');
    const remotePort = await freePort();

    const backend = await TmuxBackend.connect({
      socketPath: remoteSocket,
      ssh: { ...sshd.target, reverseTunnels: [{ remotePort, localPort }] },
    });
    cleanup.push(() => backend.close());
    expect(backend.name).toBe(`tmux@${sshd.target.destination}`);
    const events: BackendEvent[] = [];
    backend.onEvent((e) => events.push(e));
    const a = await backend.createPane({});
    const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
    const screen = async (paneId: string) => (await backend.readScreen(paneId)).lines.join('\n');
    await backend.sendText(a.id, `curl -s http://127.0.0.1:${remotePort}/; echo\r`);
    await eventually(
      async () => (await screen(a.id)).includes('through-the-tunnel'),
      15_000,
      'the local server answering through the tunnel',
    );
    const before = (await backend.listPanes()).map((p) => [p.id, p.pid]);

    sshd.stop();
    await eventually(
      () => events.some((e) => e.type === 'backend.disconnected'),
      30_000,
      'backend.disconnected',
    );
    await expect(backend.listPanes()).rejects.toMatchObject({ code: 'unavailable' });
    sshd.restart();
    await eventually(
      () => events.some((e) => e.type === 'backend.reconnected'),
      30_000,
      'backend.reconnected',
    );

    expect((await backend.listPanes()).map((p) => [p.id, p.pid])).toEqual(before);
    expect(events.some((e) => e.type === 'pane.closed' || e.type === 'pane.exited')).toBe(false);
    await backend.sendText(b.id, 'echo still-$((6*7))\r');
    await eventually(
      async () => (await screen(b.id)).includes('still-42'),
      15_000,
      'the remote shell after the reconnect',
    );
    await backend.sendText(a.id, `curl -s http://127.0.0.1:${remotePort}/; echo\r`);
    await eventually(
      async () => (await screen(a.id)).split('through-the-tunnel').length > 2,
      15_000,
      'the tunnel after the reconnect',
    );
  }, 120_000);

  it('lets ssh pick the tunnel port there and keeps it across a reconnect; carries private files over the connection verbatim', async () => {
    const { sshd, remoteSocket, localPort } = await sshdAndLocalServer('picked-port');

    const backend = await TmuxBackend.connect({
      socketPath: remoteSocket,
      ssh: { ...sshd.target, reverseTunnels: [{ remotePort: 0, localPort }] },
    });
    cleanup.push(() => backend.close());
    const [tunnel] = backend.reverseTunnels;
    expect(tunnel!.remotePort).toBeGreaterThan(0);
    const machine = await backend.remoteMachine();
    expect(machine.dataDir).toBe(join(sshd.home, '.switchboard'));
    expect(machine.hostUrl()).toBe(`http://127.0.0.1:${tunnel!.remotePort}`);

    // A token-like secret among everything tmux or a shell could interpret: it arrives byte for byte.
    const content =
      "# switchboard launch v1\nexport SWITCHBOARD_TOKEN='s3cr\"et'\n$HOME `id` $(id) #{pane_id} ## ; \\ \t é\n" +
      'x'.repeat(6000) +
      '\n';
    const file = join(machine.dataDir, 'agents', 'probe.launch');
    await machine.writePrivateFile(file, content);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(machine.dataDir, 'agents')).mode & 0o777).toBe(0o700);
    await expect(machine.writePrivateFile(join(machine.dataDir, '..', 'outside'), 'x')).rejects.toMatchObject(
      {
        code: 'invalid_input',
      },
    );
    await machine.remove(file);
    expect(() => statSync(file)).toThrow();

    // Programs run there (agents' worktrees: git): every word literal, outputs and status back byte for byte.
    const hostile = `a'b"$(touch pwned)\`id\`#{pane_id} ; \\ \t é`;
    expect(await machine.run(['printf', '%s\n%s', hostile, 'two'], { cwd: sshd.home })).toEqual({
      ok: true,
      stdout: `${hostile}\ntwo`,
      stderr: '',
    });
    expect(existsSync(join(sshd.home, 'pwned'))).toBe(false);
    expect(await machine.run(['sh', '-c', 'pwd; echo oops >&2; exit 3'], { cwd: sshd.home })).toEqual({
      ok: false,
      stdout: sshd.home,
      stderr: 'oops',
    });
    // Output past MAX_REMOTE_OUTPUT_BYTES (a git hook may print without end): its first bytes, and a failure saying so.
    // Before: all 3 MB came back through a tmux buffer, the command a success.
    const flood = 'head -c 3000000 /dev/zero | tr "\\000" x; echo fine >&2';
    expect(await machine.run(['sh', '-c', flood], { cwd: '/' })).toEqual({
      ok: false,
      stdout: 'x'.repeat(MAX_REMOTE_OUTPUT_BYTES),
      stderr: `switchboard: cut at ${MAX_REMOTE_OUTPUT_BYTES} bytes: stdout\nfine`,
    });
    expect(await machine.run(['true'], { cwd: '/' })).toEqual({ ok: true, stdout: '', stderr: '' });
    expect((await machine.run(['true'], { cwd: '/no/such/folder' })).ok).toBe(false);
    // A slow program does not hold the connection up: other commands are answered meanwhile.
    let slowDone = false;
    const slow = machine.run(['sleep', '4'], { cwd: '/' }).then((result) => ((slowDone = true), result));
    await backend.listPanes();
    expect(slowDone).toBe(false);
    expect((await slow).ok).toBe(true);
    await expect(machine.run(['sleep', '2'], { cwd: '/', timeoutMs: 200 })).rejects.toMatchObject({
      code: 'unavailable',
    });

    const pane = await backend.createPane({});
    const curl = `curl -s ${machine.hostUrl()}/; echo\r`;
    const seen = async () =>
      (await backend.readScreen(pane.id)).lines.join('\n').split('picked-port').length - 1;
    await backend.sendText(pane.id, curl);
    await eventually(async () => (await seen()) >= 1, 15_000, 'the tunnel on the port ssh picked');
    const events: BackendEvent[] = [];
    backend.onEvent((e) => events.push(e));
    sshd.stop();
    await eventually(() => events.some((e) => e.type === 'backend.disconnected'), 30_000, 'disconnected');
    sshd.restart();
    await eventually(() => events.some((e) => e.type === 'backend.reconnected'), 30_000, 'reconnected');
    expect(backend.reverseTunnels).toEqual([tunnel]);
    await backend.sendText(pane.id, curl);
    await eventually(async () => (await seen()) >= 2, 15_000, 'the same port after the reconnect');
  }, 120_000);
});
