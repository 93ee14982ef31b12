// iTerm2 client: (1) request round trip through ITerm2Client vs a bare ws + protobuf echo of the same
// bytes over the same unix socket server, same run; (2) applying a 20-pane split tree to live panes
// (apply_layout, and the move_session fallback) vs creating the same 20 panes fresh, on the embedded
// server with real shells.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import WebSocket, { WebSocketServer } from 'ws';
import type { SplitNode } from '@switchboard/core';
import { ITerm2Backend, ITerm2Client, staticAuth } from '@switchboard/iterm-bridge';
import { startSimServer } from '@switchboard/iterm-bridge/sim';
import {
  ClientOriginatedMessageSchema,
  ListSessionsResponseSchema,
  ServerOriginatedMessageSchema,
} from '../packages/iterm-bridge/src/gen/api_pb';
import { measure, report, summarize, size } from './stats';

const N = size('BENCH_N', 3_000, { stress: 20_000, smoke: 20 });
const LAYOUT_RUNS = size('BENCH_LAYOUT_RUNS', 3, { stress: 10, smoke: 1 });
const folder = mkdtempSync(join(tmpdir(), 'sb-bench-iterm-'));

// ---- 1. round trip -------------------------------------------------------------------------------
const session = (i: number) => ({
  uniqueIdentifier: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  title: `pane ${i}`,
  gridSize: { width: 80, height: 24 },
});
const listBody = create(ListSessionsResponseSchema, {
  windows: [
    {
      windowId: 'pty-W',
      number: 0,
      tabs: [
        {
          tabId: '1',
          root: {
            vertical: true,
            links: [0, 1, 2, 3].map((i) => ({ child: { case: 'session' as const, value: session(i) } })),
          },
        },
      ],
    },
  ],
});
const answerFor = (id: bigint) =>
  toBinary(
    ServerOriginatedMessageSchema,
    create(ServerOriginatedMessageSchema, {
      id,
      submessage: { case: 'listSessionsResponse', value: listBody },
    }),
  );

const echoSocket = join(folder, 'echo.sock');
const http = createServer();
const wss = new WebSocketServer({
  server: http,
  perMessageDeflate: false,
  handleProtocols: () => 'api.iterm2.com',
});
wss.on('headers', (headers) => headers.push('X-iTerm2-Protocol-Version: 1.17'));
wss.on('connection', (ws) =>
  ws.on('message', (data: Buffer) => {
    // Decode the request like a server would, answer with the same id.
    const request = fromBinary(ClientOriginatedMessageSchema, new Uint8Array(data));
    ws.send(answerFor(request.id));
  }),
);
await new Promise<void>((resolve) => http.listen(echoSocket, resolve));

const client = await ITerm2Client.connect({
  endpoint: { socketPath: echoSocket },
  auth: staticAuth({}),
  reconnect: false,
});
const bare = new WebSocket(`ws+unix://${echoSocket}:/`, ['api.iterm2.com'], { perMessageDeflate: false });
await new Promise((resolve, reject) => bare.once('open', resolve).once('error', reject));
let bareId = 0n;
const bareCall = () =>
  new Promise<void>((resolve) => {
    const id = ++bareId;
    bare.once('message', (data: Buffer) => {
      const message = fromBinary(ServerOriginatedMessageSchema, new Uint8Array(data));
      if (message.id !== id) throw new Error('out of order');
      if (message.submessage.case !== 'listSessionsResponse')
        throw new Error(
          `bare call: ${message.submessage.case ?? 'no answer'} (${String(message.submessage.value)})`,
        );
      resolve();
    });
    bare.send(
      toBinary(
        ClientOriginatedMessageSchema,
        create(ClientOriginatedMessageSchema, { id, submessage: { case: 'listSessionsRequest', value: {} } }),
      ),
    );
  });
// Alternating blocks, so machine noise and JIT warm-up hit both sides alike.
const clientSamples: number[] = [];
const bareSamples: number[] = [];
const BLOCK = 250;
for (let done = 0; done < N; done += BLOCK) {
  clientSamples.push(
    ...(await measure(BLOCK, done === 0 ? 300 : 10, () => client.call('listSessionsRequest', {}))),
  );
  bareSamples.push(...(await measure(BLOCK, done === 0 ? 300 : 10, bareCall)));
}
bare.close();
await client.close();
wss.close();
http.close();

// ---- 2. applying a 20-pane tree ------------------------------------------------------------------
const sim = await startSimServer({
  unixPath: join(folder, 'sim.sock'),
  shell: { file: '/bin/sh', args: [], env: { PS1: '$ ' } },
});
const leaf = (paneId: string): SplitNode => ({ kind: 'pane', paneId });
/** 20 panes as `columns` columns side by side, each a stack of the rest. */
function grid(ids: string[], columns: number): SplitNode {
  const per = ids.length / columns;
  return {
    kind: 'split',
    vertical: true,
    children: Array.from({ length: columns }, (_, c) => ({
      kind: 'split',
      vertical: false,
      children: ids.slice(c * per, (c + 1) * per).map(leaf),
    })),
  };
}

async function freshTwenty(backend: ITerm2Backend): Promise<string[]> {
  const first = await backend.createPane({});
  // A big window, so twenty panes fit (iTerm2 refuses a split that would leave a pane too small).
  await backend.api.setProperty({ window: first.windowId }, 'frame', {
    origin: { x: 0, y: 0 },
    size: { width: 4000, height: 3000 },
  });
  const ids = [first.id];
  // 4 columns, then 5 rows in each: the same shape as grid(ids, 4).
  for (let c = 1; c < 4; c++)
    ids.push(
      (await backend.createPane({ placement: { kind: 'split', paneId: ids[c - 1]!, vertical: true } })).id,
    );
  const columns = [...ids];
  for (const top of columns) {
    let last = top;
    for (let r = 1; r < 5; r++) {
      last = (await backend.createPane({ placement: { kind: 'split', paneId: last, vertical: false } })).id;
      ids.push(last);
    }
  }
  return ids;
}

async function layoutRuns(backend: ITerm2Backend): Promise<number[]> {
  const ids = (await backend.listPanes()).map((p) => p.id);
  const { windows } = await backend.getLayout();
  const base = { windowId: windows[0]!.windowId!, tabId: windows[0]!.tabs[0]!.tabId! };
  let flip = false;
  return measure(LAYOUT_RUNS, 1, async () => {
    flip = !flip;
    const order = flip ? [...ids].reverse() : ids;
    await backend.applyLayout({
      windows: [{ windowId: base.windowId, tabs: [{ tabId: base.tabId, root: grid(order, flip ? 5 : 4) }] }],
    });
  });
}

const socketPath = join(folder, 'sim.sock');
const modern = await ITerm2Backend.connect({
  endpoint: { socketPath },
  auth: staticAuth({}),
  reconnect: false,
});
const freshSamples: number[] = [];
for (let run = 0; run < LAYOUT_RUNS; run++) {
  const start = performance.now();
  const ids = await freshTwenty(modern);
  freshSamples.push(performance.now() - start);
  if (run < LAYOUT_RUNS - 1) for (const id of ids) await modern.closePane(id);
}
const applySamples = await layoutRuns(modern);
const legacy = await ITerm2Backend.connect({
  endpoint: { socketPath },
  auth: staticAuth({}),
  reconnect: false,
  assumeProtocolVersion: { major: 1, minor: 13 },
});
const moveSamples = await layoutRuns(legacy);
await legacy.close();
await modern.close();
await sim.close();
rmSync(folder, { recursive: true, force: true });

const c = summarize(clientSamples);
const b = summarize(bareSamples);
const fresh = summarize(freshSamples);
const apply = summarize(applySamples);
const moves = summarize(moveSamples);
await report(
  'iterm2-client',
  {
    'list_sessions via ITerm2Client (ms)': { ...c },
    'bare ws + protobuf echo (ms)': { ...b },
    'ratio client / bare (target ≤ 1.5)': {
      n: N,
      p50: c.p50 / b.p50,
      p99: c.p99 / b.p99,
      mean: c.mean / b.mean,
    },
    'create 20 panes fresh (ms)': { ...fresh },
    'apply 20-pane tree, apply_layout (ms)': { ...apply },
    'apply 20-pane tree, move_session fallback (ms)': { ...moves },
    'ratio apply_layout / fresh': {
      n: LAYOUT_RUNS,
      p50: apply.p50 / fresh.p50,
      p99: apply.p99 / fresh.p99,
      mean: apply.mean / fresh.mean,
    },
  },
  { responseBytes: answerFor(1n).length, panes: 20 },
);
