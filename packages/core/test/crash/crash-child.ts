// Child process for the crash test: raises approvals (and so audit entries) on a SQLite file as fast as
// it can, printing "ack <id>" only after each call returned, until the parent kills it with SIGKILL.
import { humanCaller } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';

const databasePath = process.argv[2]!;
const orchestrator = createOrchestrator({ databasePath, backend: createMemoryBackend() });
const crasher = async (n: number) => {
  const { agent } = await orchestrator.fleet.spawn({ name: `crasher-${n}`, kind: 'shell', role: 'builder' });
  return { kind: 'agent' as const, id: agent.id };
};
let caller = await crasher(0);
process.stdout.write(`ready ${caller.id}\n`);
for (let i = 0; ; i++) {
  // An agent may have MAX_PENDING_PER_AGENT (50) items waiting: a fresh agent asks every 40.
  if (i > 0 && i % 40 === 0) caller = await crasher(i / 40);
  const { approval } = (await orchestrator.invoke(caller, 'approval.request', {
    kind: 'permission',
    summary: `crash item ${i}`,
    payload: { command: `step ${i}` },
    expiresInMs: 3_600_000,
  })) as { approval: { id: string } };
  await orchestrator.invoke(humanCaller, 'team.create', { name: `team-${i}` });
  process.stdout.write(`ack ${approval.id}\n`);
}
