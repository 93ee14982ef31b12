import type { AgentKind, PaneInputMode } from '@switchboard/protocol';
import { detectorFor } from '../health/detectors/detector-for-kind';
import { shellDetector } from '../health/detectors/shell';
import type { ScreenSnapshot } from '../ports/terminal-backend';

/** Agent kinds whose pane runs a CLI with its own input prompt (the launcher `exec`s the CLI: no shell behind it). */
export const CLI_KINDS: readonly AgentKind[] = ['claude', 'codex', 'gemini'];

/** How a line is typed: into a CLI's input prompt as is, or into a shell framed as a no-op. */
export type PaneFrame = 'cli' | 'shell';

export type Readiness = { ready: true; frame: PaneFrame } | { ready: false; reason: string };

/** Whether messaging may type into a pane of this kind with this setting at all (before looking at the screen). */
export function mayEverType(kind: AgentKind, mode: PaneInputMode): boolean {
  if (mode === 'off') return false;
  return mode === 'shell' || CLI_KINDS.includes(kind);
}

/**
 * Whether the pane sits where a typed line is data: a CLI's idle input prompt (its own screen detector
 * says idle, so no permission prompt, question or running turn), or, only when the owner allowed
 * `shell`, a bare shell prompt at the cursor. Anything else waits, with the reason.
 */
export function paneReadiness(kind: AgentKind, mode: PaneInputMode, screen: ScreenSnapshot): Readiness {
  if (mode === 'off') return { ready: false, reason: "the agent's owner turned typing into its pane off" };
  const cli = CLI_KINDS.includes(kind) ? detectorFor(kind).detect(screen) : undefined;
  if (cli?.state === 'idle') return { ready: true, frame: 'cli' };
  if (mode === 'shell') {
    const shell = shellDetector.detect(screen);
    if (shell?.state === 'idle') return { ready: true, frame: 'shell' };
    return {
      ready: false,
      reason: `waiting for an idle prompt (now: ${shell ? `${shell.state}, ${shell.detail}` : 'no prompt at the cursor'})`,
    };
  }
  if (!CLI_KINDS.includes(kind))
    return {
      ready: false,
      reason: `a ${kind} pane gets no typed messages unless its owner allows shell input`,
    };
  return {
    ready: false,
    reason: `waiting for ${kind} to sit idle at its input prompt (now: ${cli ? `${cli.state}, ${cli.detail}` : 'no screen it knows'})`,
  };
}

/**
 * A line for a shell: `: '…'` (the no-op builtin with one single-quoted word). Quotes and backslashes
 * inside become look-alikes, so nothing can end the quote: no expansion, no second command, in sh, bash,
 * zsh, dash, ksh and fish alike.
 */
export function shellFramed(line: string): string {
  return `: '${line.replace(/'/g, '’').replace(/\\/g, '⧵')}'`;
}

export interface WaitingCopy {
  kind: string;
  senderName: string;
}

/** The one short line that tells an agent on the endpoint that messages wait (never their text). */
export function noticeLine(copies: readonly WaitingCopy[]): string {
  const groups = new Map<string, number>();
  for (const copy of copies) {
    const key = `${copy.kind} from ${copy.senderName}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const parts = [...groups].map(([what, count]) => (count > 1 ? `${count}× ${what}` : what));
  const shown = parts.slice(0, 3).join(', ') + (parts.length > 3 ? `, +${parts.length - 3} more` : '');
  const count = copies.length === 1 ? '1 message waits' : `${copies.length} messages wait`;
  return `[switchboard] ${count} in your inbox (${shown}): read with message_receive, then message_ack`;
}
