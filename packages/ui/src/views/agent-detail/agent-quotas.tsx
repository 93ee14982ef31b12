import { loadQuotaUsage, touchesQuotas } from '../../health/quota-usage';
import { QuotaMeters } from '../quota/quota-meters';
import { useLiveQuery } from './use-live-query';

/** How close the agent is to its quotas (quota.usage), refreshed when memory or messages move. */
export function AgentQuotas({ agentId }: { agentId: string }) {
  const { data, problem } = useLiveQuery(agentId, (client) => loadQuotaUsage(client, agentId), touchesQuotas);
  const usage = data?.[agentId];
  return (
    <section className="panel" aria-labelledby="quotas-heading" data-testid="agent-quotas">
      <h3 id="quotas-heading">Quotas</h3>
      {usage ? <QuotaMeters usage={usage} /> : <p className="muted">{problem ?? 'Loading…'}</p>}
    </section>
  );
}
