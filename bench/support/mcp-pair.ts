// Leg 4 of bench/mcp.ts: 1,000 messages agent A → agent B (B long-polls and acknowledges), lost, duplicated,
// messages per second, host CPU per message, tool calls per message, against `agent_whoami` calls on the
// same host in the same run; over HTTP `/mcp` or the `switchboard mcp` stdio relay over the host's socket.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { size } from '../stats';
import { cli, cpuMs, startHostChild } from './host-child';
import { httpClient, stdioClient } from './mcp-clients';

export const PAIR_MESSAGES = size('BENCH_MESSAGES', 1_000, { smoke: 10 });
/** `agent_whoami` calls before the messages (the per-call baseline on the same host). */
const WHOAMI_CALLS = Math.max(10, Math.round(PAIR_MESSAGES / 4));

/** How a pair run talks to the host. */
export interface PairMode {
  /** SWITCHBOARD_COMMIT of the host. */
  commit: 'group' | 'each';
  /** A's sends in flight (1: one after another, as an agent that waits for each tool call). */
  inFlight: number;
  /** `ack` on B's next receive (2 calls a message), or a separate `message_ack` (3, as before). */
  ackOnReceive: boolean;
  /** SWITCHBOARD_MCP_DIRECT: plain tool calls answered by the endpoint itself, or all through the SDK (before). */
  direct: boolean;
  /**
   * How A and B reach the host: HTTP `/mcp` (how Switchboard wires the Claude Code, Codex and Gemini CLI agents it
   * spawns), or the `switchboard mcp` stdio relay over the host's unix socket (one connection each; a process each).
   */
  channel: 'http' | 'socket';
  /** Run the host from this compiled CLI bundle (the code before a change) instead of this checkout. */
  bundle?: string;
}

/** A sends PAIR_MESSAGES to B; B receives (long-poll) and acknowledges in its own loop. */
export async function pairThroughput(mode: PairMode): Promise<{
  lost: number;
  duplicated: number;
  perSecond: number;
  hostCpuMsPerMessage: number;
  callsPerMessage: number;
  whoamiPerSecond: number;
  hostCpuMsPerWhoami: number;
  /** CPU of A's and B's relay processes per message (socket channel; 0 over HTTP). */
  relayCpuMsPerMessage: number;
}> {
  const hostChild = await startHostChild({
    env: { SWITCHBOARD_COMMIT: mode.commit, SWITCHBOARD_MCP_DIRECT: mode.direct ? 'on' : 'off' },
    profiled: true,
    ...(mode.bundle ? { bundle: mode.bundle } : {}),
  });
  const human = await httpClient(hostChild.mcpUrl, hostChild.token);
  // 1,000 sends in a row is far over any agent's rate limit: a role of the bench's own, the builder's rights without it.
  const { roles } = (await human.callTool({ name: 'role_list', arguments: {} })).structuredContent as {
    roles: { name: string; commands: string[] }[];
  };
  const builder = roles.find((r) => r.name === 'builder')!;
  const unlimited = { perMinute: 1_000_000, burst: 1_000_000 };
  const roleSet = await human.callTool({
    name: 'role_update',
    arguments: {
      name: 'bench-pair',
      commands: builder.commands,
      mayMessage: ['bench-pair'],
      rateLimit: unlimited,
    },
  });
  if (roleSet.isError) throw new Error(`role_update: ${JSON.stringify(roleSet.content)}`);
  const tokenOf = async (name: string) => {
    await human.callTool({ name: 'agent_spawn', arguments: { name, kind: 'shell', role: 'bench-pair' } });
    return (
      (await human.callTool({ name: 'agent_issueToken', arguments: { agent: name } })).structuredContent as {
        token: string;
      }
    ).token;
  };
  const relays: number[] = [];
  const connect = async (token: string): Promise<Client> => {
    if (mode.channel === 'http') return httpClient(hostChild.mcpUrl, token);
    const relay = await stdioClient(process.execPath, [cli, 'mcp'], {
      SWITCHBOARD_TOKEN: token,
      SWITCHBOARD_DATA_DIR: hostChild.dataDir,
    });
    relays.push(relay.pid);
    return relay;
  };
  const a = await connect(await tokenOf('pair-a'));
  const b = await connect(await tokenOf('pair-b'));
  const relayCpu = () => relays.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const seen = new Map<string, number>();
  let receiving = true;
  let calls = 0;
  const receiver = (async () => {
    let acked: number | undefined;
    while (receiving || seen.size < PAIR_MESSAGES) {
      const args = mode.ackOnReceive && acked !== undefined ? { wait: 1, ack: acked } : { wait: 1 };
      const result = await b.callTool({ name: 'message_receive', arguments: args });
      calls++;
      if (result.isError) throw new Error(`message_receive: ${JSON.stringify(result.content)}`);
      const { messages, nextCursor } = result.structuredContent as {
        messages: { id: string; body: string }[];
        nextCursor: number;
      };
      for (const m of messages) seen.set(m.body, (seen.get(m.body) ?? 0) + 1);
      if (messages.length && mode.ackOnReceive) acked = nextCursor;
      else if (messages.length) {
        const ackAnswer = await b.callTool({
          name: 'message_ack',
          arguments: { messageIds: messages.map((m) => m.id) },
        });
        if (ackAnswer.isError) throw new Error(`message_ack: ${JSON.stringify(ackAnswer.content)}`);
        calls++;
      }
      if (!receiving && messages.length === 0) break;
    }
  })();
  const pid = hostChild.child.pid!;
  const whoamiCpu = cpuMs(pid);
  const whoamiStart = performance.now();
  for (let i = 0; i < WHOAMI_CALLS; i++) {
    const whoami = await a.callTool({ name: 'agent_whoami', arguments: {} });
    if (whoami.isError) throw new Error(`agent_whoami: ${JSON.stringify(whoami.content)}`);
  }
  const whoamiWall = performance.now() - whoamiStart;
  const whoamiCpuMs = cpuMs(pid) - whoamiCpu;
  const cpuBefore = cpuMs(pid);
  const relayCpuBefore = relayCpu();
  const started = performance.now();
  let next = 0;
  const sender = async () => {
    for (let i = next++; i < PAIR_MESSAGES; i = next++) {
      const sent = await a.callTool({
        name: 'message_send',
        arguments: {
          to: { agent: 'pair-b' },
          body: `m${i}`,
          kind: 'event',
          typeIntoPane: 'never',
          dedupe: false,
        },
      });
      if (sent.isError) throw new Error(`message_send: ${JSON.stringify(sent.content)}`);
    }
  };
  await Promise.all(Array.from({ length: mode.inFlight }, sender));
  const deadline = performance.now() + 30_000;
  while (seen.size < PAIR_MESSAGES && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 5));
  const wall = performance.now() - started;
  const cpu = cpuMs(pid) - cpuBefore;
  const relaysCpu = relayCpu() - relayCpuBefore;
  const receiveCalls = calls;
  receiving = false;
  await Promise.race([receiver, new Promise((r) => setTimeout(r, 3_000))]);
  await Promise.allSettled([a.close(), b.close(), human.close()]);
  hostChild.child.kill('SIGTERM');
  return {
    lost: PAIR_MESSAGES - seen.size,
    duplicated: [...seen.values()].filter((n) => n > 1).length,
    perSecond: (PAIR_MESSAGES * 1000) / wall,
    hostCpuMsPerMessage: cpu / PAIR_MESSAGES,
    // A's sends, and B's receives and acks until the last message arrived.
    callsPerMessage: (PAIR_MESSAGES + receiveCalls) / PAIR_MESSAGES,
    whoamiPerSecond: (WHOAMI_CALLS * 1000) / whoamiWall,
    hostCpuMsPerWhoami: whoamiCpuMs / WHOAMI_CALLS,
    relayCpuMsPerMessage: relaysCpu / PAIR_MESSAGES,
  };
}
