import type { RecoveryPolicy } from './recovery';

const MINUTE = 60_000;

/**
 * The recovery policy until the human writes one (the core's starting point; the UI marks it as the default).
 * TUI agents get longer than shells (a long tool call is quiet); the ladder goes from a word to a key to a
 * restart to a replacement to a person. No exited ladder: a process that ended (on purpose or not, the
 * terminal cannot tell) is reported `exited` and left alone unless the human writes one
 * (`recovery.configure { exitedLadder }`); only a hung episode goes on past its program's end.
 */
export const DEFAULT_RECOVERY_POLICY: RecoveryPolicy = {
  hungAfterMs: {
    default: 120_000,
    kinds: { claude: 180_000, codex: 180_000, gemini: 180_000, shell: 120_000, custom: 120_000 },
    roles: {},
  },
  hungLadder: ['nudge', 'interrupt', 'restart', 'replace', 'escalate'],
  exitedLadder: [],
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

/** The exited ladder the UI's "Restart exited agents" writes (the default before session 24). */
export const RESTART_EXITED_LADDER: RecoveryPolicy['exitedLadder'] = ['restart', 'replace', 'escalate'];
