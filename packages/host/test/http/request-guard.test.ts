import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkHostAndOrigin } from '../../src/http/request-guard';

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
