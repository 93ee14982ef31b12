import type { QuotaUsage } from '@switchboard/protocol';
import { closestGauge, gaugesOf, percentText, type QuotaGauge } from '../../health/quota-usage';
import './quota.css';

const WORDS: Record<QuotaGauge['level'], string> = {
  ok: '',
  warn: ' (near its limit)',
  full: ' (at its limit)',
};

/** A bar and "used of limit" for one quota; a warning style above 80 %, a danger one at the limit. */
function QuotaMeter({ gauge }: { gauge: QuotaGauge }) {
  const percent = Math.min(100, Math.round(gauge.share * 100));
  return (
    <div
      className={`quota quota-${gauge.level}`}
      data-testid="quota"
      data-quota={gauge.name}
      data-level={gauge.level}
    >
      <span className="quota-name">{gauge.name}</span>
      <span className="quota-bar" aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </span>
      <span className="quota-text">
        {gauge.text} · {percentText(gauge.share)}
        {WORDS[gauge.level]}
      </span>
    </div>
  );
}

/** An agent's three quotas (agent detail): memory it wrote, its inbox's messages and bytes. */
export function QuotaMeters({ usage }: { usage: QuotaUsage }) {
  return (
    <div className="quota-list">
      {gaugesOf(usage).map((gauge) => (
        <QuotaMeter key={gauge.name} gauge={gauge} />
      ))}
    </div>
  );
}

/** The quota an agent is closest to, in one table cell (health dashboard); the three in its title. */
export function ClosestQuota({ usage }: { usage: QuotaUsage | undefined }) {
  if (!usage) return <span className="muted">—</span>;
  const gauge = closestGauge(usage);
  return (
    <span
      className={`quota-cell quota-${gauge.level}`}
      data-testid="quota-cell"
      data-level={gauge.level}
      title={gaugesOf(usage)
        .map((g) => `${g.name}: ${g.text}`)
        .join('\n')}
    >
      {percentText(gauge.share)}
      {/* Which quota only once it is worth a look: at 0 % of all three, naming one is noise. */}
      {gauge.share >= 0.01 && <span className="muted"> {gauge.name}</span>}
      {WORDS[gauge.level]}
    </span>
  );
}
