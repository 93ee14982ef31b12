import { SwitchboardError, auditLimitsProblem, type RetentionStatus } from '@switchboard/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { HandlerMap } from '../dispatch/handler';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Store } from '../store/store';
import { RetentionSettings, type RetentionOptions } from './retention-settings';
import { RetentionSweeper, type WalCheckpoints } from './retention-sweeper';
import { retentionTargets } from './retention-targets';

export { retentionMigrations } from './retention-migrations';

export interface RetentionDomainDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  audit: AuditLog;
  logger: Logger;
  /** Agents not closed (their newest health transitions stay). */
  openAgentIds: () => readonly string[];
  options?: Partial<RetentionOptions>;
  /** Rows per batch (default 500); tests use small batches to see several. */
  batchRows?: number;
}

export type RetentionCommand = 'retention.get' | 'retention.configure' | 'retention.sweep';

/** What the store keeps: the settings, the sweeper over every target, and the human's commands. */
export function createRetention(deps: RetentionDomainDeps) {
  const settings = new RetentionSettings(deps.store, deps.options);
  const targets = retentionTargets(deps.store, deps);
  const sweeper = new RetentionSweeper({
    ...deps,
    targets,
    settings,
    checkpoints: walCheckpoints(deps.store),
  });
  const status = (): RetentionStatus => {
    const rows = {} as RetentionStatus['rows'];
    for (const target of targets) rows[target.kind] = target.rows();
    return {
      limits: settings.limits(),
      intervalMinutes: settings.intervalMinutes(),
      rows,
      lastSweep: settings.lastSweep(),
      droppedTotal: settings.droppedTotal(),
    };
  };
  const handlers: HandlerMap<RetentionCommand> = {
    'retention.get': () => status(),
    'retention.configure': (input) => {
      const floor = auditLimitsProblem(input.limits?.audit);
      if (floor) throw new SwitchboardError('invalid_input', floor);
      settings.configure(input);
      sweeper.reschedule();
      return status();
    },
    'retention.sweep': () => sweeper.sweep(),
  };
  return {
    handlers,
    settings,
    sweeper,
    /** After the fleet is ready: the first sweep, then the timer. */
    start: () => sweeper.start(),
    stop: () => sweeper.stop(),
  };
}

/** SQLite's default: a checkpoint once the WAL holds 1,000 pages. */
const AUTO_CHECKPOINT_PAGES = 1_000;

/** The store's own connection's checkpoints (no-ops for a database in memory). */
function walCheckpoints(store: Store): WalCheckpoints {
  return {
    pause: () => store.prepare('PRAGMA wal_autocheckpoint = 0').run(),
    resume: () => store.prepare(`PRAGMA wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`).run(),
    run: () => store.prepare('PRAGMA wal_checkpoint(PASSIVE)').all(),
  };
}
