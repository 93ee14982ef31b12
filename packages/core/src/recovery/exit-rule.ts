import { EXIT_GRACE_MS, type Episode } from './recovery-episode';
import type { NewLogEntry } from './recovery-log';

type Row = Omit<NewLogEntry, 'agentId' | 'agentName'>;

/**
 * The recovery log's line for a program that ended with no exited ladder in the policy (the default): the
 * agent is reported `exited` (still `exited` once its pane closes along) and left alone. The terminal cannot tell
 * an exit on purpose (`exit`, `/exit`, a finished task) from a crash, and only the human's own policy revives.
 */
export const exitLeftAlone = (reason: string): Row => ({
  action: 'detected',
  trigger: 'exited',
  outcome: 'skipped',
  reason,
  detail: 'the program ended: left alone, the policy has no exited ladder (agent.restart brings it back)',
  attempt: 0,
});

/** The line for a hung agent whose program our Ctrl+C ended, with no exited ladder to take over. */
export const hungProgramEndedRow = (reason: string): Row => ({
  action: 'detected',
  trigger: 'hung',
  outcome: 'ok',
  reason,
  detail: 'our Ctrl+C ended the program: the hung ladder goes on past the steps for a live program',
  attempt: 0,
});

/**
 * Did our own Ctrl+C end the program? The hung episode's last step was `interrupt`, still running or being
 * judged. Any other end during a hung episode (before a step, after a nudge, a restarted program's) is
 * the program's or the human's, and is left alone like any exit.
 */
export const endedByOurKeys = (episode: Episode | undefined, stepRunning: boolean): episode is Episode =>
  episode?.trigger === 'hung' &&
  episode.lastTaken === 'interrupt' &&
  (stepRunning || episode.judging || episode.processEnded);

/**
 * A hung episode's program ended by our Ctrl+C, with no exited ladder to take over: the hung ladder goes on
 * past its steps for a live program. Nothing is left to judge (the step ended the program rather than
 * reviving it); the exit's grace lets a close by hand be told first. True the first time.
 */
export function endedWhileHung(episode: Episode, now: number): boolean {
  if (episode.processEnded) return false;
  episode.processEnded = true;
  episode.judging = false;
  episode.coolUntil = now + EXIT_GRACE_MS;
  return true;
}
