// fleet.snapshot round trip over the API WebSocket vs a bare ws echo of the same payload, same run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { startHost } from '@switchboard/host';
import { TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL, humanCaller } from '@switchboard/protocol';
import { measure, report, summarize, size } from './stats';

const N = size('BENCH_N', 2000, { smoke: 20 });
const host = await startHost({
  dataDir: mkdtempSync(join(tmpdir(), 'sb-bench-')),
  backend: 'memory',
  writeHostFile: false,
});
for (let t = 0; t < 3; t++) await host.orchestrator.invoke(humanCaller, 'team.create', { name: `team-${t}` });
for (let a = 0; a < 12; a++)
  await host.orchestrator.invoke(humanCaller, 'agent.spawn', { name: `agent-${a}`, team: `team-${a % 3}` });
const payload = JSON.stringify({
  type: 'result',
  id: 1,
  ok: true,
  output: host.orchestrator.fleet.snapshot(),
});

async function open(url: string, protocols: string[]): Promise<WebSocket> {
  const ws = new WebSocket(url, protocols);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}
/** One call and its answer; an error answer (ok: false) ends the bench instead of being timed as a call. */
function roundTrip(ws: WebSocket, frame: string, isAnswer: (text: string) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const text = String(data);
      if (!isAnswer(text)) return;
      ws.off('message', onMessage);
      if (text.includes('"ok":true')) resolve();
      else reject(new Error(`an error answer: ${text.slice(0, 300)}`));
    };
    ws.on('message', onMessage);
    ws.send(frame);
  });
}

const api = await open(`ws://127.0.0.1:${host.port}/api`, [
  WIRE_SUBPROTOCOL,
  TOKEN_SUBPROTOCOL_PREFIX + host.token,
]);
let id = 0;
const apiSamples = await measure(N, 200, () => {
  const callId = ++id;
  return roundTrip(
    api,
    JSON.stringify({ type: 'call', id: callId, name: 'fleet.snapshot', input: {} }),
    (t) => t.includes(`"id":${callId},`),
  );
});

const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
echo.on('connection', (ws) => ws.on('message', () => ws.send(payload)));
await new Promise((r) => echo.once('listening', r));
const bare = await open(`ws://127.0.0.1:${(echo.address() as { port: number }).port}`, []);
const bareSamples = await measure(N, 200, () =>
  roundTrip(bare, '{"type":"call","id":1,"name":"fleet.snapshot","input":{}}', () => true),
);

const apiStats = summarize(apiSamples);
const bareStats = summarize(bareSamples);
await report(
  'api-roundtrip',
  {
    'fleet.snapshot over API ws (ms)': { ...apiStats },
    'bare ws echo, same payload (ms)': { ...bareStats },
    'ratio api / bare': {
      n: N,
      p50: apiStats.p50 / bareStats.p50,
      p99: apiStats.p99 / bareStats.p99,
      mean: apiStats.mean / bareStats.mean,
    },
  },
  { payloadBytes: payload.length, agents: 12, teams: 3 },
);
api.close();
bare.close();
echo.close();
await host.close();
