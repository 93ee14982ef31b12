import { createStore } from 'zustand/vanilla';
import type { Client } from '@switchboard/protocol';
import { closestGauge, loadQuotaUsage, percentText, touchesQuotas } from '../health/quota-usage';
import { settledRefresh } from './settled-refresh';

/** An agent past 80 % of a quota, as its card says it: 'inbox messages 90 %'. */
export interface QuotaWarning {
  text: string;
  level: 'warn' | 'full';
}

export interface QuotaWarningsState {
  /** Per agent id, only agents past 80 % of a quota (most agents: absent). */
  warnings: Record<string, QuotaWarning>;
  dispose(): void;
}

const sameWarnings = (a: Record<string, QuotaWarning>, b: Record<string, QuotaWarning>) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([id, w]) => b[id]?.text === w.text && b[id]?.level === w.level);

/**
 * Which agents are close to a quota, for the org chart's cards: quota.usage read at once, then again 0.3 s after
 * memory and message traffic settles (every 2 s while it does not). The state changes only when the warnings do, so a card
 * re-renders only when its own warning comes, changes or goes.
 */
export function createQuotaWarningsStore(client: Client) {
  let live = true;
  const read = () =>
    loadQuotaUsage(client).then(
      (usage) => {
        if (!live) return;
        const warnings: Record<string, QuotaWarning> = {};
        for (const [agentId, u] of Object.entries(usage)) {
          const gauge = closestGauge(u);
          if (gauge.level !== 'ok')
            warnings[agentId] = { text: `${gauge.name} ${percentText(gauge.share)}`, level: gauge.level };
        }
        if (!sameWarnings(store.getState().warnings, warnings)) store.setState({ warnings });
      },
      // Swallowed on purpose: the warnings stay as they were until the next read.
      () => undefined,
    );
  const refresh = settledRefresh(() => void read(), { quietMs: 300, maxWaitMs: 2_000 });
  const stopEvents = client.onEvent((event) => {
    if (touchesQuotas(event)) refresh.trigger();
  });
  const stopStatus = client.onStatus((status) => {
    if (status === 'open') void read();
  });
  void read();
  const store = createStore<QuotaWarningsState>()(() => ({
    warnings: {},
    dispose: () => {
      live = false;
      refresh.cancel();
      stopEvents();
      stopStatus();
    },
  }));
  return store;
}

export type QuotaWarningsStore = ReturnType<typeof createQuotaWarningsStore>;
