import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import type { Caller } from '@switchboard/protocol';
import { listenMcpSocket, type McpSocketEndpoint, type McpSocketOptions } from '../../src/socket-endpoint';

/**
 * For a test file: an in-memory orchestrator with one agent, alpha (its token is `token-alpha`), and the MCP
 * socket endpoints the file opens on it (`listen`, in a temporary folder), all closed after the file.
 */
export function alphaSocketFixture(folderPrefix: string) {
  let orchestrator: Orchestrator | undefined;
  let alpha: Caller | undefined;
  const endpoints = new Set<McpSocketEndpoint>();
  const folder = mkdtempSync(join(tmpdir(), folderPrefix));
  beforeAll(async () => {
    orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    const { agent } = await orchestrator.fleet.spawn({ name: 'alpha', kind: 'shell', role: 'builder' });
    alpha = { kind: 'agent', id: agent.id };
  });
  afterAll(async () => {
    for (const endpoint of endpoints) await endpoint.close();
    await orchestrator?.close();
  });
  const fixture = {
    folder,
    get orchestrator(): Orchestrator {
      return orchestrator!;
    },
    get alpha(): Caller {
      return alpha!;
    },
    /** An endpoint at `<folder>/<name>.sock` that knows `token-alpha`. */
    async listen(name: string, options: Partial<McpSocketOptions> = {}): Promise<McpSocketEndpoint> {
      const endpoint = await listenMcpSocket({
        api: fixture.orchestrator,
        authenticate: (token) => (token === 'token-alpha' ? alpha : undefined),
        path: join(folder, `${name}.sock`),
        ...options,
      });
      endpoints.add(endpoint);
      return endpoint;
    },
    /** Closes an endpoint now (the file's end does not close it again). */
    async close(endpoint: McpSocketEndpoint): Promise<void> {
      endpoints.delete(endpoint);
      await endpoint.close();
    },
  };
  return fixture;
}
