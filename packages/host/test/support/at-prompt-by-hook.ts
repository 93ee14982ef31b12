import { eventually } from '@switchboard/core/testing';
import type { Host } from '../../src/index';

/**
 * Reports Claude Code's Stop hook for an agent until the host holds it idle at its prompt: how tests whose stand-in
 * for Claude Code is a plain shell (its screen is not Claude Code's) say it sits at its prompt.
 */
export async function atPromptByHook(host: Host, agentId: string): Promise<void> {
  const asAgent = { kind: 'agent', id: agentId } as const;
  await eventually(
    async () =>
      (await host.orchestrator.invoke(asAgent, 'health.reportHook', { event: 'Stop' })) &&
      host.orchestrator.fleet.repository.findAgent(agentId)?.state === 'idle'
        ? true
        : undefined,
    60_000,
    'idle',
  );
}
