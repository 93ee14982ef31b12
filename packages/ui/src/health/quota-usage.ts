import type { Client, QuotaUsage, SwitchboardEvent } from '@switchboard/protocol';
import type { HealthRow } from './health-rows';

/** Above this share of a limit a quota is shown as a warning: the agent is close to being refused. */
export const QUOTA_WARN_SHARE = 0.8;

export type QuotaLevel = 'ok' | 'warn' | 'full';

/** One quota of one agent as a person reads it: what, how much of how much, and how close to the limit. */
export interface QuotaGauge {
  name: 'memory' | 'inbox messages' | 'inbox bytes';
  used: number;
  limit: number;
  /** used / limit, 0 when the limit is 0. */
  share: number;
  level: QuotaLevel;
  /** "1.2 MiB of 16 MiB", "812 of 10,000". */
  text: string;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB'] as const;

/** Bytes as a person reads them: 512 B, 1.5 KiB, 16 MiB. Pure. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** A share as a person reads it: '0 %', '< 1 %' (not a misleading 0), '85 %', at most '100 %'. Pure. */
export function percentText(share: number): string {
  if (share <= 0) return '0 %';
  if (share < 0.01) return '< 1 %';
  return `${Math.min(100, Math.round(share * 100))} %`;
}

export function levelOf(share: number): QuotaLevel {
  return share >= 1 ? 'full' : share > QUOTA_WARN_SHARE ? 'warn' : 'ok';
}

/**
 * A count with its thousands grouped, as 'en-US' writes it: 10,000. Pure. By hand, not `toLocaleString`: the org
 * chart's warnings read every agent's quotas on the page's first load, and the first `toLocaleString` of a page
 * loads ICU's number formats (29 ms a load at 200 agents, the load's costliest function; docs/performance.md).
 */
export function formatCount(count: number): string {
  return Math.round(count)
    .toString()
    .replace(/\B(?=(\d{3})+$)/g, ',');
}

function gauge(name: QuotaGauge['name'], used: number, limit: number, bytes: boolean): QuotaGauge {
  const share = limit > 0 ? used / limit : 0;
  const format = bytes ? formatBytes : formatCount;
  return { name, used, limit, share, level: levelOf(share), text: `${format(used)} of ${format(limit)}` };
}

/** An agent's three quotas (memory bytes, inbox messages, inbox bytes), in that order. Pure. */
export function gaugesOf(usage: QuotaUsage): QuotaGauge[] {
  return [
    gauge('memory', usage.memory.usedBytes, usage.memory.limitBytes, true),
    gauge('inbox messages', usage.inbox.messages, usage.inbox.maxMessages, false),
    gauge('inbox bytes', usage.inbox.bytes, usage.inbox.maxBytes, true),
  ];
}

/** The quota an agent is closest to (the first of the highest share). Pure. */
export function closestGauge(usage: QuotaUsage): QuotaGauge {
  return gaugesOf(usage).reduce((best, g) => (g.share > best.share ? g : best));
}

/** Every agent's usage (the human's call), by agent id. */
export async function loadQuotaUsage(client: Client, agent?: string): Promise<Record<string, QuotaUsage>> {
  const { usage } = await client.call('quota.usage', agent === undefined ? {} : { agent });
  return Object.fromEntries(usage.map((u) => [u.agentId, u]));
}

/** Events after which some agent's usage may have changed: memory writes and deletes, messages moving, agents coming. */
export function touchesQuotas(event: SwitchboardEvent): boolean {
  return (
    event.type.startsWith('memory.') || event.type.startsWith('message.') || event.type === 'agent.spawned'
  );
}

/** The health table's rows with the share of the quota each agent is closest to (for the Quota column's sort). Pure. */
export function withQuotaShares(
  rows: readonly HealthRow[],
  quotas: Readonly<Record<string, QuotaUsage>>,
): HealthRow[] {
  return rows.map((row) => {
    const usage = quotas[row.agentId];
    return { ...row, quotaShare: usage ? closestGauge(usage).share : null };
  });
}
