import { basename } from 'node:path';
import { test as base } from '@playwright/test';
import { HostApi } from './host-api';
import { startHostProcess, type HostProcess } from './host-process';

/** Which host a spec file shares among its tests: its own, started with these `switchboard start` arguments. */
export interface SpecHost {
  /** The spec file's name: part of the worker's fixture key, so no two spec files ever share a host. */
  spec: string;
  args: string[];
}

interface SpecFixtures {
  specHost: SpecHost | undefined;
  /** The spec's own host (`switchboard start` as a user runs it: its own data folder, port 0), shared by its tests. */
  host: HostProcess;
  /** The human's API on that host. */
  api: HostApi;
}

interface TestFixtures {
  /** Hosts a test starts for itself (another backend, a restart on the same data folder): all stopped after it. */
  startHost: (args?: string[], dataDir?: string) => Promise<HostProcess>;
}

/**
 * `test.use(sharedHost(import.meta.filename, '--backend', 'sim'))` at the top of a spec: its tests share
 * one host of their own (agents' links: `AgentLinks` in host-api.ts), started once (worker-scoped: Playwright keys worker fixtures by their options,
 * and the spec's name is one of them, so a spec never sees another spec's fleet and specs can run in
 * parallel workers). Without arguments the host runs the in-memory backend.
 */
export function sharedHost(specFile: string, ...args: string[]): { specHost: SpecHost } {
  return { specHost: { spec: basename(specFile), args: args.length ? args : ['--backend', 'memory'] } };
}

export const test = base.extend<TestFixtures, SpecFixtures>({
  specHost: [undefined, { option: true, scope: 'worker' }],
  host: [
    async ({ specHost }, use) => {
      if (!specHost)
        throw new Error(
          'This spec uses the shared host: add test.use(sharedHost(import.meta.filename, …)) at its top',
        );
      const host = await startHostProcess(specHost.args);
      await use(host);
      await host.stop();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  api: [
    async ({ host }, use) => {
      const api = await HostApi.connect(host);
      await use(api);
      api.close();
    },
    { scope: 'worker' },
  ],
  // Playwright reads a fixture's dependencies from its first parameter's pattern: this one has none.
  // eslint-disable-next-line no-empty-pattern
  startHost: async ({}, use) => {
    const hosts: HostProcess[] = [];
    await use(async (args, dataDir) => {
      const host = await startHostProcess(args, dataDir);
      hosts.push(host);
      return host;
    });
    for (const host of hosts) await host.stop();
  },
});

export { expect } from '@playwright/test';
