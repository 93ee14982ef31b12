import { test as base } from '@playwright/test';
import { HostApi } from './host-api';
import { startHostProcess, type HostProcess } from './host-process';

/** A spec's own host and the human's API on it. */
interface SpecFleet {
  host: HostProcess;
  api: HostApi;
}

/**
 * The worker's spec hosts: one in use at a time, the current spec file's. Every spec file runs in the same
 * Playwright worker (one worker process and one Chromium for the whole lane; starting both per spec file cost
 * ~6–19 s of wall time between files), so a spec's host is started by its first `beforeAll` and stopped by its
 * `afterAll` — and, whatever happens, before the next spec's host is handed out and when the worker ends.
 *
 * A host start is 5–20 s of wall time on a loaded 2-core machine, mostly waiting, so while a spec runs the next
 * host with the same arguments is already starting (a spare: a fresh, unused host with its own data folder, as
 * good as one started on demand). The lane pays for at most one unused spare per set of arguments.
 * `SB_E2E_SPARE_HOSTS=0` starts each host on demand instead (to compare, or to debug one start).
 */
class SpecHosts {
  private current: SpecFleet | undefined;
  private readonly spares = new Map<string, Promise<HostProcess>>();

  async start(args: string[]): Promise<SpecFleet> {
    await this.stop();
    const host = await this.take(args);
    if (process.env['SB_E2E_SPARE_HOSTS'] !== '0') {
      const spare = startHostProcess(args);
      spare.catch(() => undefined); // a spare that fails to start is not an error: take() starts one instead
      this.spares.set(args.join(' '), spare);
    }
    try {
      this.current = { host, api: await HostApi.connect(host) };
    } catch (error) {
      await host.stop();
      throw error;
    }
    return this.current;
  }

  /** The spare started for these arguments, else (none, it failed to start or has exited since) a new host. */
  private async take(args: string[]): Promise<HostProcess> {
    const spare = await this.spares.get(args.join(' '))?.catch(() => undefined);
    this.spares.delete(args.join(' '));
    return spare?.child.exitCode === null && spare.child.signalCode === null ? spare : startHostProcess(args);
  }

  async stop(): Promise<void> {
    const fleet = this.current;
    this.current = undefined;
    fleet?.api.close();
    await fleet?.host.stop();
  }

  /** Stops the host in use and every spare. */
  async close(): Promise<void> {
    await this.stop();
    const spares = [...this.spares.values()];
    this.spares.clear();
    for (const spare of spares) await (await spare.catch(() => undefined))?.stop();
  }
}

interface WorkerFixtures {
  specHosts: SpecHosts;
}

interface TestFixtures {
  /** Hosts a test starts for itself (another backend, a restart on the same data folder): all stopped after it. */
  startHost: (args?: string[], dataDir?: string) => Promise<HostProcess>;
}

// Every spec imports this `test` (not @playwright/test's): Playwright runs files whose worker fixtures differ in
// different worker processes, so one spec on the plain `test` would cost a new worker and browser again.
export const test = base.extend<TestFixtures, WorkerFixtures>({
  specHosts: [
    // Playwright reads a fixture's dependencies from its first parameter's pattern: this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const hosts = new SpecHosts();
      try {
        await use(hosts);
      } finally {
        await hosts.close();
      }
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern
  startHost: async ({}, use) => {
    const hosts: HostProcess[] = [];
    try {
      await use(async (args, dataDir) => {
        const host = await startHostProcess(args, dataDir);
        hosts.push(host);
        return host;
      });
    } finally {
      for (const host of hosts) await host.stop();
    }
  },
});

/**
 * `const { host, api } = specHost('--backend', 'sim');` at the top of a spec: its tests and hooks share one host of
 * their own (`switchboard start` as a user runs it: its own data folder, port 0; without arguments the in-memory
 * backend) and the human's API on it. Each spec file gets a fresh host, so no spec sees another's fleet and the
 * order of files does not matter. The host starts in a `beforeAll` registered here, before the spec's own
 * `beforeAll` hooks run, and stops in an `afterAll` that runs before the spec's own (which may still close
 * links to it, not call it). `host` and `api` are handles to the running ones: read them in hooks and tests,
 * not at the spec's top level.
 */
export function specHost(...args: string[]): SpecFleet {
  let fleet: SpecFleet | undefined;
  test.beforeAll(async ({ specHosts }) => {
    // A host start is 5–20 s of wall time on a loaded 2-core machine (the hook's own 60 s is the test timeout).
    test.setTimeout(90_000);
    fleet = await specHosts.start(args.length ? args : ['--backend', 'memory']);
  });
  test.afterAll(async ({ specHosts }) => {
    fleet = undefined;
    await specHosts.stop();
  });
  const running = (): SpecFleet => {
    if (!fleet) throw new Error('specHost: the host is read outside a test or hook of its spec');
    return fleet;
  };
  return { host: handle(() => running().host), api: handle(() => running().api) };
}

/** An object that forwards every property read to `current()` (methods bound to it): the spec's running host. */
function handle<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const target = current();
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has: (_target, property) => Reflect.has(current(), property),
  });
}

export { expect } from '@playwright/test';
