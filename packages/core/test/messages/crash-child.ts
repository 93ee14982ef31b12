// Child process for the messaging crash test: N agents exchange messages on a SQLite file as fast as they
// can (send, receive, ack), printing each fact only after the call that made it returned, until the
// parent kills the process with SIGKILL. Lines: "ready", "sent <id>", "recv <agent> <id>", "acked <agent> <id>…".
import { type Message } from '@switchboard/protocol';
import { humanCaller } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';

const [databasePath, agentsArg, roundArg] = process.argv.slice(2);
const agentCount = Number(agentsArg);
const round = Number(roundArg);
const orchestrator = createOrchestrator({
  databasePath: databasePath!,
  backend: createMemoryBackend(),
  messaging: { dedupeWindowMs: 0 },
});
let agents = orchestrator.fleet.repository.listAgents();
if (agents.length === 0) {
  for (let i = 0; i < agentCount; i++)
    await orchestrator.invoke(humanCaller, 'agent.spawn', { name: `agent-${i}`, role: 'builder' });
  agents = orchestrator.fleet.repository.listAgents();
}
const out = (line: string) => process.stdout.write(line + '\n');
out('ready');

async function run(index: number): Promise<never> {
  const me = agents[index]!;
  const call = (name: string, input: unknown) =>
    orchestrator.invoke({ kind: 'agent', id: me.id }, name, input);
  for (let i = 0; ; i++) {
    const to = agents[(index + 1 + Math.floor(Math.random() * (agents.length - 1))) % agents.length]!;
    const sent = (await call('message.send', {
      kind: 'event',
      to: { agent: to.id },
      body: `r${round} ${me.name} #${i}`,
    })) as { messageIds: string[] };
    out(`sent ${sent.messageIds[0]}`);
    const { messages } = (await call('message.receive', { limit: 5 })) as { messages: Message[] };
    if (messages.length === 0) continue;
    for (const m of messages) out(`recv ${me.id} ${m.id}`);
    // Sometimes leave messages un-acked across a kill: they must come back, not vanish.
    if (Math.random() < 0.2) continue;
    await call('message.ack', { messageIds: messages.map((m) => m.id) });
    out(`acked ${me.id} ${messages.map((m) => m.id).join(' ')}`);
  }
}

await Promise.all(agents.map((_, i) => run(i)));
