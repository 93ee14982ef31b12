// The desktop app's IPC path without Electron: UI client → bridge transport → structured clone (what
// IPC does to every payload, both ways) → the IPC handler (frame check, contract parse) → core, vs
// core's own invoke of the same command in the same run. Also: building the menu-bar model for a
// large fleet vs the same fleet's fleet.snapshot.
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, humanCaller } from '@switchboard/protocol';
import { fleetStateFrom } from '../apps/desktop/src/main/fleet-state';
import { createIpcHandler } from '../apps/desktop/src/main/ipc-handler';
import { APP_URL } from '../apps/desktop/src/main/security';
import { trayModel } from '../apps/desktop/src/main/tray-model';
import { createBridgeTransport } from '../packages/ui/src/transport/bridge-transport';
import { measure, report, summarize, size } from './stats';

const N = size('BENCH_N', 2000, { smoke: 20 });
const AGENTS = 100;
const APPROVALS = 50;
const core = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
for (let t = 0; t < 5; t++) await core.invoke(humanCaller, 'team.create', { name: `team-${t}` });
for (let a = 0; a < AGENTS; a++)
  await core.invoke(humanCaller, 'agent.spawn', { name: `agent-${a}`, kind: 'shell', team: `team-${a % 5}` });
for (let p = 0; p < APPROVALS; p++)
  await core.invoke(humanCaller, 'approval.request', {
    kind: 'permission',
    summary: `may agent-${p} run the migration?`,
  });

const frame = { url: APP_URL, isMainFrame: true };
const handle = createIpcHandler({ api: core });
let id = 0;
const bridge = {
  invoke: async (name: string, input: unknown) =>
    structuredClone(await handle(frame, structuredClone({ type: 'call', id: ++id, name, input }))),
  subscribe: () => () => undefined,
};
const client = createClient(createBridgeTransport(bridge));

const direct = summarize(await measure(N, 200, () => core.invoke(humanCaller, 'fleet.snapshot', {})));
const viaIpc = summarize(await measure(N, 200, () => client.call('fleet.snapshot', {})));

const snapshot = core.fleet.snapshot();
const pending = (
  (await core.invoke(humanCaller, 'approval.list', {})) as { approvals: Parameters<typeof fleetStateFrom>[1] }
).approvals;
const state = fleetStateFrom(snapshot, pending);
const menu = summarize(await measure(N, 200, async () => trayModel(state, { recoveryControls: true })));

await report(
  'desktop-ipc',
  {
    'fleet.snapshot, core invoke (ms)': { ...direct },
    'fleet.snapshot, client over bridge + IPC handler (ms)': { ...viaIpc },
    'ratio bridge / core': {
      n: N,
      p50: viaIpc.p50 / direct.p50,
      p99: viaIpc.p99 / direct.p99,
      mean: viaIpc.mean / direct.mean,
    },
    'menu-bar model (ms)': { ...menu },
    'ratio menu model / core snapshot': {
      n: N,
      p50: menu.p50 / direct.p50,
      p99: menu.p99 / direct.p99,
      mean: menu.mean / direct.mean,
    },
  },
  { agents: AGENTS, pendingApprovals: APPROVALS, snapshotBytes: JSON.stringify(snapshot).length },
);
await core.close();
