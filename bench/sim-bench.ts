/**
 * Embedded iTerm2-API server benchmark (run: `npx tsx bench/sim-bench.ts`).
 *  1. 100 sessions created (CreateTab) then read (GetBuffer of each screen).
 *  2. Screen-update latency: a write into a pane's pty → the subscribed client's
 *     ScreenUpdateNotification, with 1 and with 100 sessions, p50/p99, against the baseline of a
 *     bare `ws` send of the same notification bytes measured in the same run.
 * Prints JSON and a table; writes bench/results/sim.json. Every answer is checked (its kind, its status):
 * a timed call that failed, or a notification that never came, ends the run with an error, not a number.
 */
import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { performance } from 'node:perf_hooks';
import { WebSocket, WebSocketServer } from 'ws';
import {
  ClientOriginatedMessageSchema,
  NotificationSchema,
  NotificationType,
  ServerOriginatedMessageSchema,
  type ServerOriginatedMessage,
} from '../packages/iterm-bridge/src/gen/api_pb';
import { startSimServer } from '../packages/iterm-bridge/src/sim/index';
import { report, summarize, size } from './stats';

const SAMPLES = size('SAMPLES', 300, { smoke: 5 });
const SESSIONS = size('SESSIONS', 100, { smoke: 3 });
const GAP_MS = 20; // > the 16 ms screen-update coalescing interval, so every sample is a fresh update

const stats = summarize;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A notification not here by then is lost: the run fails rather than waiting for ever. */
const NOTIFICATION_TIMEOUT_MS = 10_000;

type Answer = ServerOriginatedMessage['submessage'];
type AnswerCase = Exclude<Answer['case'], undefined>;
type Answers = { [K in AnswerCase]: Extract<Answer, { case: K }>['value'] };

/** The answer's value when it is the response asked for with status OK (0); anything else throws. */
function answered<C extends AnswerCase>(m: ServerOriginatedMessage, kind: C): Answers[C] {
  const answer = m.submessage;
  if (answer.case !== kind)
    throw new Error(`bench sim: expected ${kind}, got ${answer.case ?? 'nothing'} (${String(answer.value)})`);
  const status = (answer.value as { status?: number }).status;
  if (status !== undefined && status !== 0) throw new Error(`bench sim: ${kind} with status ${status}`);
  return answer.value as Answers[C];
}

/** The promise, or an error naming `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bench sim: ${what} not here in ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Just enough of a client: ids, responses by id, a notification hook. */
async function connect(port: number) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`, ['api.iterm2.com'], {
    headers: { host: 'localhost', origin: 'ws://localhost/', 'x-iterm2-library-version': 'bench 1.0' },
    perMessageDeflate: false,
  });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  let next = 0n;
  const pending = new Map<bigint, (m: ServerOriginatedMessage) => void>();
  let onNotification: (m: ServerOriginatedMessage, at: number) => void = () => {};
  ws.on('message', (data: Buffer) => {
    const at = performance.now();
    const m = fromBinary(ServerOriginatedMessageSchema, new Uint8Array(data));
    if (m.submessage.case === 'notification') onNotification(m, at);
    else {
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    }
  });
  return {
    request(submessage: MessageInitShape<typeof ClientOriginatedMessageSchema>['submessage']) {
      const id = next++;
      return new Promise<ServerOriginatedMessage>((resolve) => {
        pending.set(id, resolve);
        ws.send(
          toBinary(ClientOriginatedMessageSchema, create(ClientOriginatedMessageSchema, { id, submessage })),
        );
      });
    },
    onNotification(f: typeof onNotification) {
      onNotification = f;
    },
    close: () => ws.close(),
  };
}

async function screenUpdateLatency(sessionCount: number) {
  const server = await startSimServer({ shell: { file: '/bin/sh', args: [] } });
  const client = await connect(server.port!);
  const ids: string[] = [];
  for (let i = 0; i < sessionCount; i++) {
    // `cat` in a pty: the line discipline echoes what is written, a minimal program in the path.
    const r = await client.request({
      case: 'createTabRequest',
      value: {
        customProfileProperties: [
          { key: 'Custom Command', jsonValue: '"Yes"' },
          { key: 'Command', jsonValue: '"cat"' },
        ],
      },
    });
    ids.push(answered(r, 'createTabResponse').sessionId);
  }
  const subscribed = await client.request({
    case: 'notificationRequest',
    value: { session: 'all', subscribe: true, notificationType: NotificationType.NOTIFY_ON_SCREEN_UPDATE },
  });
  answered(subscribed, 'notificationResponse');
  await sleep(300);
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const target = ids[i % ids.length]!;
    const got = new Promise<number>((resolve) => {
      client.onNotification((m, at) => {
        if (
          m.submessage.case === 'notification' &&
          m.submessage.value.screenUpdateNotification?.session === target
        )
          resolve(at);
      });
    });
    const t0 = performance.now();
    if (!server.type(target, 'x')) throw new Error(`bench sim: no session ${target} to type into`);
    latencies.push((await within(got, NOTIFICATION_TIMEOUT_MS, `the screen update of ${target}`)) - t0);
    await sleep(GAP_MS);
  }
  client.close();
  await server.close();
  return stats(latencies);
}

/** The floor: a bare ws server sending the same notification bytes, same process, same loopback. */
async function bareWsLatency() {
  const bytes = toBinary(
    ServerOriginatedMessageSchema,
    create(ServerOriginatedMessageSchema, {
      submessage: {
        case: 'notification',
        value: create(NotificationSchema, {
          screenUpdateNotification: { session: '6E0A6E0E-5B1A-4C0B-9A4E-2C1E5E3A7B10' },
        }),
      },
    }),
  );
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  const serverSide = new Promise<WebSocket>((r) => wss.once('connection', r));
  const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}/`, {
    perMessageDeflate: false,
  });
  await new Promise((r) => ws.once('open', r));
  const peer = await serverSide;
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const got = new Promise<number>((resolve) => ws.once('message', () => resolve(performance.now())));
    const t0 = performance.now();
    peer.send(bytes, { binary: true });
    latencies.push((await got) - t0);
    await sleep(GAP_MS);
  }
  ws.close();
  await new Promise((r) => wss.close(r));
  return stats(latencies);
}

async function createThenRead() {
  const server = await startSimServer({ shell: { file: '/bin/sh', args: [] } });
  const client = await connect(server.port!);
  const t0 = performance.now();
  const ids: string[] = [];
  let window: string | undefined;
  for (let i = 0; i < SESSIONS; i++) {
    // 10 windows of 10 tabs.
    const r = await client.request({
      case: 'createTabRequest',
      value: i % 10 === 0 || !window ? {} : { windowId: window },
    });
    const tab = answered(r, 'createTabResponse');
    window = i % 10 === 0 ? tab.windowId : window;
    ids.push(tab.sessionId);
  }
  const created = performance.now() - t0;
  await sleep(500); // let the shells print their prompts
  const t1 = performance.now();
  const reads = await Promise.all(
    ids.map((session) =>
      client.request({
        case: 'getBufferRequest',
        value: { session, lineRange: { screenContentsOnly: true } },
      }),
    ),
  );
  const read = performance.now() - t1;
  const lines = reads.reduce((n, r) => n + answered(r, 'getBufferResponse').contents.length, 0);
  const t2 = performance.now();
  const list = await client.request({ case: 'listSessionsRequest', value: {} });
  const listed = performance.now() - t2;
  const windows = answered(list, 'listSessionsResponse').windows.length;
  if (windows !== Math.ceil(SESSIONS / 10))
    throw new Error(`bench sim: ${windows} windows listed, not ${Math.ceil(SESSIONS / 10)}`);
  client.close();
  const t3 = performance.now();
  await server.close();
  const closed = performance.now() - t3;
  return {
    sessions: SESSIONS,
    windows,
    createMs: +created.toFixed(1),
    createPerSessionMs: +(created / SESSIONS).toFixed(2),
    readAllMs: +read.toFixed(1),
    linesRead: lines,
    listSessionsMs: +listed.toFixed(2),
    closeMs: +closed.toFixed(1),
  };
}

const bulk = await createThenRead();
const baseline = await bareWsLatency();
const one = await screenUpdateLatency(1);
const hundred = await screenUpdateLatency(SESSIONS);
const ratio = (x: number) => x / baseline.p50;
await report(
  'sim',
  {
    'bare ws send (baseline), ms': { p50: baseline.p50, p99: baseline.p99, n: baseline.n, 'p50 vs ws': 1 },
    'pty write → notification, 1 session, ms': {
      p50: one.p50,
      p99: one.p99,
      n: one.n,
      'p50 vs ws': ratio(one.p50),
    },
    'pty write → notification, 100 sessions, ms': {
      p50: hundred.p50,
      p99: hundred.p99,
      n: hundred.n,
      'p50 vs ws': ratio(hundred.p50),
    },
    '100 sessions created, ms': { total: bulk.createMs, 'per session': bulk.createPerSessionMs },
    '100 screens read (GetBuffer), ms': { total: bulk.readAllMs, lines: bulk.linesRead },
    'ListSessions of 100, ms': { total: bulk.listSessionsMs },
    'close with 100 ptys, ms': { total: bulk.closeMs },
  },
  { createThenRead: bulk, screenUpdateIntervalMs: 16, sampleGapMs: GAP_MS },
);
