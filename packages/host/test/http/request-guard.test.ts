import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkHostAndOrigin } from '../../src/http/request-guard';
import { TunnelPorts } from '../../src/remote-hosts';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('the Host/Origin guard with remote hosts’ reverse tunnels', () => {
  const tunnels = new Set([40123]);

  it('accepts a tunnel port as Host (agents there call http://127.0.0.1:TUNNEL), and this host’s own port', () => {
    expect(checkHostAndOrigin(request({ host: '127.0.0.1:40123' }), 8123, [], tunnels)).toBeUndefined();
    expect(checkHostAndOrigin(request({ host: 'localhost:40123' }), 8123, [], tunnels)).toBeUndefined();
    expect(checkHostAndOrigin(request({ host: '127.0.0.1:8123' }), 8123, [], tunnels)).toBeUndefined();
  });

  it('refuses another port, another name on a tunnel port, and a page served through a tunnel as Origin', () => {
    expect(checkHostAndOrigin(request({ host: '127.0.0.1:40124' }), 8123, [], tunnels)?.status).toBe(421);
    expect(checkHostAndOrigin(request({ host: 'evil.example:40123' }), 8123, [], tunnels)?.status).toBe(421);
    expect(checkHostAndOrigin(request({ host: '127.0.0.1:40123' }), 8123)?.status).toBe(421);
    expect(
      checkHostAndOrigin(
        request({ host: '127.0.0.1:40123', origin: 'http://127.0.0.1:40123' }),
        8123,
        [],
        tunnels,
      )?.status,
    ).toBe(403);
  });
});

describe('the tunnel ports the guard accepts, by host', () => {
  const status = (tunnels: TunnelPorts, port: number) =>
    checkHostAndOrigin(request({ host: `127.0.0.1:${port}` }), 8123, [], tunnels)?.status ?? 200;

  it('keeps only live tunnels: a reconnection replaces its host’s port, a removed host’s port goes', () => {
    const tunnels = new TunnelPorts();
    tunnels.set('box', [40123]);
    tunnels.set('other', [40200]);
    expect([status(tunnels, 40123), status(tunnels, 40200)]).toEqual([200, 200]);
    tunnels.set('BOX', [40124]); // box reconnected (names match in any case, as the registry's)
    expect([status(tunnels, 40123), status(tunnels, 40124)]).toEqual([421, 200]);
    tunnels.forget('box');
    expect([status(tunnels, 40124), status(tunnels, 40200)]).toEqual([421, 200]);
    expect([...tunnels]).toEqual([40200]);
  });
});
