// Child process for the plan crash test: creates a plan (a chain of steps over two agents) on a SQLite
// file and completes its steps as their assignees, printing "done <step>" only after each call returned,
// until the parent kills it with SIGKILL.
import { humanCaller, type Plan } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';

const [databasePath, length] = [process.argv[2]!, Number(process.argv[3])];
const orchestrator = createOrchestrator({ databasePath, backend: createMemoryBackend() });
await orchestrator.ready;
for (const name of ['w0', 'w1']) await orchestrator.fleet.spawn({ name, kind: 'shell', role: 'builder' });
const steps = Array.from({ length }, (_, i) => ({
  id: `s${i}`,
  task: `step ${i}`,
  assignee: { agent: `w${i % 2}` },
  dependsOn: i === 0 ? [] : [`s${i - 1}`],
}));
const plan = (await orchestrator.invoke(humanCaller, 'plan.create', { name: 'crashy', steps })) as Plan;
process.stdout.write(`ready ${plan.id}\n`);
for (let i = 0; i < length; i++) {
  const current = (await orchestrator.invoke(humanCaller, 'plan.get', { plan: plan.id })) as Plan;
  const assignee = current.steps[i]!.assigneeId!;
  await orchestrator.invoke({ kind: 'agent', id: assignee }, 'plan.completeStep', {
    plan: plan.id,
    step: `s${i}`,
    output: `out ${i}`,
  });
  process.stdout.write(`done s${i}\n`);
}
process.stdout.write('finished\n');
