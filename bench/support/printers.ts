import type { Orchestrator } from '../../packages/core/src/index';
import { humanCaller } from '../../packages/protocol/src/index';
import { BENCH_BASH } from './sim-stack';

export interface SpawnedAgent {
  id: string;
  paneId: string;
}

/**
 * `count` shell agents from one saved template ("printer", the bench's quiet bash), spawned 50 at a time
 * through `template.spawn` as a user's batch would be; any failed spawn fails the bench.
 */
export async function spawnShellAgents(orchestrator: Orchestrator, count: number): Promise<SpawnedAgent[]> {
  await orchestrator.invoke(humanCaller, 'template.save', {
    template: { name: 'printer', kind: 'shell', command: BENCH_BASH },
  });
  const agents: SpawnedAgent[] = [];
  for (let left = count; left > 0; left -= 50) {
    const { agents: spawned, failed } = (await orchestrator.invoke(humanCaller, 'template.spawn', {
      template: 'printer',
      count: Math.min(50, left),
    })) as { agents: SpawnedAgent[]; failed: unknown[] };
    if (failed.length > 0) throw new Error(`bench: spawns failed: ${JSON.stringify(failed)}`);
    agents.push(...spawned);
  }
  return agents;
}
