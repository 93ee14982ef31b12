import { create, toBinary } from '@bufbuild/protobuf';
import type { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ITerm2Client, staticAuth } from '../../src/client';
import { BUSY_FRAMES, SUSTAINED_MS } from '../../src/client/read-coalescing';
import { NotificationSchema, ServerOriginatedMessageSchema } from '../../src/gen/api_pb';
import { FakeITerm2Server, requestId } from './fake-server';

const screenUpdate = (session: string) =>
  toBinary(
    ServerOriginatedMessageSchema,
    create(ServerOriginatedMessageSchema, {
      submessage: { case: 'notification', value: { screenUpdateNotification: { session } } },
    }),
  );
/** One notification frame. */
const notificationFrame = (value: Parameters<typeof create<typeof NotificationSchema>>[1]) =>
  toBinary(
    ServerOriginatedMessageSchema,
    create(ServerOriginatedMessageSchema, {
      submessage: { case: 'notification', value: create(NotificationSchema, value) },
    }),
  );
/**
 * How a shell's exit reaches the client, in the order the server sends it: the echo of the typed `exit`, the OSC
 * 133 command-start mark, the session's end (twice, as iTerm2 sends it) and the layout change.
 */
const exitFrames = (session: string) => [
  screenUpdate(session),
  notificationFrame({ promptNotification: { session, event: { case: 'commandStart', value: {} } } }),
  notificationFrame({ terminateSessionNotification: { sessionId: session } }),
  notificationFrame({ terminateSessionNotification: { sessionId: session } }),
  notificationFrame({ layoutChangedNotification: { listSessionsResponse: {} } }),
];
const listAnswer = (id: bigint) =>
  toBinary(
    ServerOriginatedMessageSchema,
    create(ServerOriginatedMessageSchema, { id, submessage: { case: 'listSessionsResponse', value: {} } }),
  );

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** How far apart the traffic's groups of frames are sent (ms). */
const GROUP_GAP_MS = 5;
/** How far apart frames sent one at a time are, on the client's clock (traffic: `BUSY_FRAMES` in 50 ms). */
const FRAME_GAP_MS = 3;

describe('frames that come back to back are read together', () => {
  let server: FakeITerm2Server;
  let client: ITerm2Client | undefined;
  /** The clock the client's read coalescing measures the frames' rate with (a test may give its own schedule's). */
  let coalescingClock: () => number;
  beforeEach(async () => {
    server = await FakeITerm2Server.start();
    coalescingClock = () => performance.now();
  });
  afterEach(async () => {
    await client?.close();
    await server.close();
  });

  /** Connects with `coalesceMs` and makes one call, so the test holds the server's end of the connection. */
  async function connected(coalesceMs: number): Promise<{ client: ITerm2Client; peer: WebSocket }> {
    let peer: WebSocket | undefined;
    server.answer = (request, socket) => {
      peer = socket;
      socket.send(listAnswer(requestId(request)), { binary: true });
    };
    client = await ITerm2Client.connect({
      endpoint: { socketPath: server.socketPath },
      auth: staticAuth({}),
      coalesceMs,
      coalescingClock: () => coalescingClock(),
    });
    await client.call('listSessionsRequest', {});
    return { client, peer: peer! };
  }

  /** Heard sessions, and how many turns of the event loop (socket reads) delivered them. */
  function listen(client: ITerm2Client) {
    const heard = { sessions: [] as string[], turns: 0 };
    let inTurn = false;
    client.onNotification((n) => {
      heard.sessions.push(n.screenUpdateNotification?.session ?? '?');
      if (inTurn) return;
      inTurn = true;
      heard.turns++;
      setImmediate(() => (inTurn = false));
    });
    return heard;
  }

  /**
   * Screen updates sent four at a time, `GROUP_GAP_MS` apart, for twice `SUSTAINED_MS`: all heard, in order; a read
   * for each four until they have come fast for `SUSTAINED_MS`, the rest in a few turns of the client's reading. The
   * client's clock is the schedule's (when the last frame heard was sent): starved like CI, the sender's 5 ms timers
   * fire 15-60 ms late and frames sent that slowly are no traffic on the machine's clock (3 rounds of 4 failed so,
   * session 23). The gaps are still waited for, so that a client that does not coalesce reads each four apart.
   */
  async function trafficReadTogether(
    client: Parameters<typeof listen>[0],
    peer: { send(data: Uint8Array, options: { binary: boolean }): void },
  ) {
    const heard = listen(client);
    coalescingClock = () => Math.floor((heard.sessions.length - 1) / 4) * GROUP_GAP_MS;
    const sent: string[] = [];
    const groups = (2 * SUSTAINED_MS) / GROUP_GAP_MS;
    for (let group = 0; group < groups; group++) {
      for (let i = 0; i < 4; i++) {
        sent.push(`S${sent.length}`);
        peer.send(screenUpdate(sent.at(-1)!), { binary: true });
      }
      await new Promise((resolve) => setTimeout(resolve, GROUP_GAP_MS));
    }
    await until(() => heard.sessions.length === sent.length, 'every screen update');
    expect(heard.sessions).toEqual(sent);
    // Never paused: a turn per group at least; paused after the first SUSTAINED_MS: about half as many.
    expect(heard.turns).toBeLessThanOrEqual(groups * 0.75);
  }

  it('screen updates sent fast for twice SUSTAINED_MS arrive all, in order, in fewer reads once they have come fast a while', async () => {
    const { client, peer } = await connected(400);
    await trafficReadTogether(client, peer);
  });

  it('with coalescing off (0), each frame is read as it comes', async () => {
    const { client, peer } = await connected(0);
    const heard = listen(client);
    for (let i = 0; i < 5; i++) {
      peer.send(screenUpdate(`S${i}`), { binary: true });
      await until(() => heard.sessions.length === i + 1, `screen update ${i}`);
    }
    expect(heard.turns).toBe(5);
  });

  /** A client with a minute-long window and the server's end of its connection. */
  async function minuteWindow() {
    const slow = await ITerm2Client.connect({
      endpoint: { socketPath: server.socketPath },
      auth: staticAuth({}),
      coalesceMs: 60_000,
      coalescingClock: () => coalescingClock(),
    });
    client = slow;
    server.answer = (request, socket) => socket.send(listAnswer(requestId(request)), { binary: true });
    const [peer] = server.clients;
    return { client: slow, peer: peer!, heard: listen(slow) };
  }

  /**
   * That client, having read frames sent back to back until its reading paused (traffic: `BUSY_FRAMES` fast, for
   * `SUSTAINED_MS`): returns the frames heard and the one sent last, left in the socket by the pause. Each frame is
   * sent once the one before was read, `FRAME_GAP_MS` apart on the client's clock (the schedule's: starved, each
   * round trip took longer than traffic's 6 ms, and reading never paused in 6 s: 4 runs of 4, session 23); a frame
   * not read within a second is the pause (the window is a minute).
   */
  async function pausedByTraffic() {
    const { client, peer, heard } = await minuteWindow();
    coalescingClock = () => heard.sessions.length * FRAME_GAP_MS;
    for (let i = 0; i < (20 * SUSTAINED_MS) / FRAME_GAP_MS; i++) {
      const session = `busy-${i}`;
      peer.send(screenUpdate(session), { binary: true });
      const read = await until(() => heard.sessions.at(-1) === session, session, 1_000).then(
        () => true,
        () => false,
      );
      if (!read) return { client, peer, heard, busy: heard.sessions.slice(), waiting: session };
    }
    throw new Error('reading never paused');
  }

  /** Four reads of `BUSY_FRAMES` frames, a few ms apart (fast enough to be traffic, over before SUSTAINED_MS): all heard at once. */
  async function shortBurstReadAsItComes(
    peer: { send(data: Uint8Array, options: { binary: boolean }): void },
    heard: ReturnType<typeof listen>,
  ) {
    const sent: string[] = [];
    for (let read = 0; read < 4; read++) {
      for (let i = 0; i < BUSY_FRAMES; i++) {
        sent.push(`exit-${read}-${i}`);
        peer.send(screenUpdate(sent.at(-1)!), { binary: true });
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(() => heard.sessions.length === sent.length, 'every frame of the burst', 5_000);
    expect(heard.sessions).toEqual(sent);
  }

  it('frames that keep coming fast for less than SUSTAINED_MS (a fleet exiting at once) are each read as they come', async () => {
    const { peer, heard } = await minuteWindow();
    await shortBurstReadAsItComes(peer, heard);
  });

  it("answers to the client's own calls are not traffic: a burst of frames right after many calls is read as it comes", async () => {
    const { client, peer, heard } = await minuteWindow();
    // A host's screen reads: answered one after another for longer than SUSTAINED_MS, many within each span.
    const start = performance.now();
    while (performance.now() - start < 1.5 * SUSTAINED_MS)
      await Promise.all([1, 2, 3, 4].map(() => client.call('listSessionsRequest', {}, { timeoutMs: 5_000 })));
    await shortBurstReadAsItComes(peer, heard);
  });

  it('a few frames in a row (one event told in several) are each read as they come, whatever the window', async () => {
    const { peer, heard } = await minuteWindow();
    // An exit: the screen update of the typed `exit`, the session's end, the layout change, a few ms apart.
    const event = ['echo of exit', 'session ended', 'layout changed'];
    for (const session of event) {
      peer.send(screenUpdate(session), { binary: true });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(() => heard.sessions.length === event.length, 'the three frames', 5_000);
    expect(heard.sessions).toEqual(event);
  });

  it('exits typed one after another (five frames each, a few ms apart) are read as they come, however long they keep coming', async () => {
    const { client: slow, peer } = await minuteWindow();
    let heard = 0;
    slow.onNotification(() => heard++);
    // Far longer than SUSTAINED_MS, each exit's frames fast enough to be traffic by count even when timers run late.
    let sent = 0;
    const start = performance.now();
    for (let i = 0; performance.now() - start < 3 * SUSTAINED_MS; i++) {
      for (const frame of exitFrames(`exit-${i}`)) peer.send(frame, { binary: true });
      sent += 5;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Paused once, the rest would wait for the minute-long window.
    await until(() => heard === sent, `every exit's frames (${heard} of ${sent} heard)`, 5_000);
  });

  it('once frames have come fast a while, the next one waits, but never past a call', async () => {
    const { client, heard, busy, waiting } = await pausedByTraffic();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard.sessions).toEqual(busy); // waits for the window (a minute)…
    // …or for the next request: its answer is read as it comes, the frames before it first.
    const answered = await client.call('listSessionsRequest', {}, { timeoutMs: 5_000 }).then(
      () => heard.sessions.slice(),
      (error: Error) => error.message,
    );
    expect(answered).toEqual([...busy, waiting]);
  });

  it('a patient call leaves its answer in the socket for the window; the next awaited call reads it', async () => {
    const { client } = await pausedByTraffic();
    let patientAnswered = false;
    const patient = client
      .call('listSessionsRequest', {}, { patient: true, timeoutMs: 30_000 })
      .then(() => (patientAnswered = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(patientAnswered).toBe(false); // answered by the server, left in the socket with the window's frames
    await client.call('listSessionsRequest', {}, { timeoutMs: 5_000 });
    await patient;
    expect(patientAnswered).toBe(true);
  });

  it('while only patient calls are in flight, back-to-back frames are still read together', async () => {
    const { client, peer } = await connected(400);
    server.answer = () => undefined; // the patient call stays in flight
    void client.call('listSessionsRequest', {}, { patient: true, timeoutMs: 30_000 }).catch(() => undefined);
    await trafficReadTogether(client, peer);
  });

  it('the server going away while reading is paused is noticed once the window ends', async () => {
    const { client } = await connected(300);
    let reason: string | undefined;
    client.onDidDisconnect((event) => (reason = event.reason));
    server.dropClients();
    await until(() => reason !== undefined, 'the disconnect', 5_000);
    expect(reason).toMatch(/lost/);
  });
});
