import { isDeepStrictEqual } from 'node:util';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { RecoveryPolicy } from '@switchboard/protocol';

const MINUTE = 60_000;

/**
 * The default recovery policy from the first ladder (bec444d) to session 24 (16fbe94), frozen here: its exited
 * ladder restarted every agent whose program ended. Before 1e53355 every read of the policy
 * (`recovery.configure {}`, the UI's panel) stored the merged policy, so a database that was ever read holds
 * this exact policy as if the human had written it. (Stored before d76f04f it has no `nudgeVia`; the contract
 * reads that as 'message', as here.)
 */
export const PRE_SESSION_24_DEFAULT_POLICY: RecoveryPolicy = {
  hungAfterMs: {
    default: 120_000,
    kinds: { claude: 180_000, codex: 180_000, gemini: 180_000, shell: 120_000, custom: 120_000 },
    roles: {},
  },
  hungLadder: ['nudge', 'interrupt', 'restart', 'replace', 'escalate'],
  exitedLadder: ['restart', 'replace', 'escalate'],
  steps: {
    nudge: { attempts: 1, coolDownMs: MINUTE },
    interrupt: { attempts: 2, coolDownMs: 30_000 },
    restart: { attempts: 1, coolDownMs: 2 * MINUTE },
    replace: { attempts: 1, coolDownMs: 2 * MINUTE },
    escalate: { attempts: 1, coolDownMs: 0 },
  },
  globalRate: { perMinute: 20, burst: 10 },
  breaker: { maxFailures: 4, windowMs: 30 * MINUTE },
  recoveredAfterMs: 2 * MINUTE,
  nudgeText:
    'Switchboard: you have been silent for a while. If you are stuck, say what blocks you; otherwise carry on.',
  nudgeVia: 'message',
  resumeOnRestart: true,
};

/**
 * Drops a stored policy equal to the old default in every field (key order aside), so today's default applies:
 * no exited ladder. A policy differing in anything (a ladder, a threshold, the nudge's text) was written by the
 * human and stays; so does one that does not parse (the settings already fall back to the default for it).
 * Runs once per database (a migration): the same policy written later, by "Restart exited agents" and nothing
 * else changed, is the human's and kept.
 */
export function dropStoredPreSession24Default(db: SqliteDatabase): void {
  const row = db
    .prepare<[], { value: string }>("SELECT value FROM recovery_settings WHERE key = 'policy'")
    .get();
  if (!row) return;
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    return;
  }
  const parsed = RecoveryPolicy.safeParse(stored);
  if (parsed.success && isDeepStrictEqual(parsed.data, PRE_SESSION_24_DEFAULT_POLICY))
    db.prepare("DELETE FROM recovery_settings WHERE key = 'policy'").run();
}
