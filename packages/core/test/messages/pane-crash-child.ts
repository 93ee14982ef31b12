// Child process for the pane-delivery crash test: CLI agents on a fake-CLI backend get messages typed
// into their panes while the human sends and endpoint agents receive and ack, until SIGKILL. The panes
// outlive the process (as iTerm2's outlive the host). Lines: "agent <id> <paneId> <pane|endpoint>",
// "ready", "sent <messageId>", "typed <paneId> <messageId>" (the fake CLI saw it submitted), "notice <paneId>",
// "recv <agent> <id>", "acked <agent> <id>…". Every line is printed after the fact it reports.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { humanCaller, type Message } from '@switchboard/protocol';
import { createOrchestrator } from '../../src/index';
import { fakeCliBackend } from './fake-cli-backend';

const [databasePath, paneAgentsArg, endpointAgentsArg] = process.argv.slice(2);
const out = (line: string) => process.stdout.write(line + '\n');

function survivingPanes(): string[] {
  if (!existsSync(databasePath!)) return [];
  const db = new Database(databasePath!, { readonly: true });
  try {
    return db
      .prepare<[], { pane_id: string }>(
        'SELECT pane_id FROM agents WHERE pane_id IS NOT NULL AND closed_at IS NULL',
      )
      .all()
      .map((r) => r.pane_id);
  } catch {
    return [];
  } finally {
    db.close();
  }
}

const fake = fakeCliBackend({
  busyAfterSubmit: true,
  onSubmit: (paneId, line) => {
    const id = /· (msg-[0-9a-f-]+)\]/.exec(line)?.[1];
    if (id) out(`typed ${paneId} ${id}`);
    else if (line.startsWith('[switchboard]')) out(`notice ${paneId}`);
  },
});
for (const paneId of survivingPanes()) fake.survived(paneId);
const orchestrator = createOrchestrator({
  databasePath: databasePath!,
  backend: fake.backend,
  healthTimings: { debounceMs: 20, outputRecentMs: 50 },
  messaging: { dedupeWindowMs: 0, pane: { settleMs: 5, checkIntervalMs: 10 } },
});
await orchestrator.ready;
if (orchestrator.fleet.repository.listAgents().length === 0) {
  for (let i = 0; i < Number(paneAgentsArg); i++)
    await orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: `pane-${i}`,
      kind: 'claude',
      role: 'builder',
    });
  for (let i = 0; i < Number(endpointAgentsArg); i++) {
    const agent = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: `endpoint-${i}`,
      kind: 'claude',
      role: 'builder',
    })) as { id: string };
    await orchestrator.invoke({ kind: 'agent', id: agent.id }, 'message.status', {}); // it reads its inbox itself
  }
}
const agents = orchestrator.fleet.repository.listAgents();
for (const a of agents) out(`agent ${a.id} ${a.paneId} ${a.name.startsWith('pane-') ? 'pane' : 'endpoint'}`);
out('ready');

async function sendLoop(): Promise<never> {
  for (let i = 0; ; i++) {
    const to = agents[Math.floor(Math.random() * agents.length)]!;
    const sent = (await orchestrator.invoke(humanCaller, 'message.send', {
      kind: 'instruction',
      to: { agent: to.id },
      body: `#${i} for ${to.name}`,
    })) as { messageIds: string[] };
    out(`sent ${sent.messageIds[0]}`);
    await new Promise((r) => setTimeout(r, Math.random() * 5));
  }
}

async function receiveLoop(agentId: string): Promise<never> {
  const call = (name: string, input: unknown) =>
    orchestrator.invoke({ kind: 'agent', id: agentId }, name, input);
  for (;;) {
    const { messages } = (await call('message.receive', { limit: 5, wait: 1 })) as { messages: Message[] };
    if (messages.length === 0) continue;
    for (const m of messages) out(`recv ${agentId} ${m.id}`);
    if (Math.random() < 0.2) continue;
    await call('message.ack', { messageIds: messages.map((m) => m.id) });
    out(`acked ${agentId} ${messages.map((m) => m.id).join(' ')}`);
  }
}

/** The CLIs finish their turns now and then: a random pane goes idle again. */
async function idleLoop(): Promise<never> {
  for (;;) {
    const agent = agents[Math.floor(Math.random() * agents.length)]!;
    if (agent.paneId) fake.set(agent.paneId, 'idle');
    await new Promise((r) => setTimeout(r, 10 + Math.random() * 20));
  }
}

await Promise.all([
  sendLoop(),
  idleLoop(),
  ...agents.filter((a) => a.name.startsWith('endpoint-')).map((a) => receiveLoop(a.id)),
]);
