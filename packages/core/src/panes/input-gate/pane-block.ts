import type { Agent } from '@switchboard/protocol';
import type { ScreenSnapshot } from '../../ports/terminal-backend';
import { readPrompt } from '../../prompts/screen-prompt';
import type { HumanControl } from './human-control';
import type { PaneBlock } from './pane-write';
import { isAutomated, type WriteOrigin } from './write-origin';

export interface BlockQuestion {
  paneId: string;
  agent: Agent | undefined;
  origin: WriteOrigin;
  /** The pane's screen as read just now. */
  screen: ScreenSnapshot;
  openPromptItem(agentId: string): { approvalId: string; question: string | null } | undefined;
  human: HumanControl;
}

/**
 * What blocks this writer at the pane now (rules 2 and 3 of the gate): a permission prompt (an open item
 * or one readable on the screen) blocks everyone but a decision; a prompt that left the screen by output alone
 * (it may wait behind what was printed) and the human's quiet period block automated writers.
 */
export function blockFor({
  paneId,
  agent,
  origin,
  screen,
  openPromptItem,
  human,
}: BlockQuestion): PaneBlock | undefined {
  if (origin.kind === 'decision') return undefined;
  const where = agent ? `Agent "${agent.name}"` : `Pane ${paneId}`;
  const block = (reason: PaneBlock['reason'], message: string, more: Partial<PaneBlock> = {}): PaneBlock => ({
    reason,
    message,
    paneId,
    agentId: agent?.id ?? null,
    approvalId: null,
    question: null,
    until: null,
    ...more,
  });
  const item = agent ? openPromptItem(agent.id) : undefined;
  const onScreen = readPrompt(agent?.kind ?? 'shell', screen);
  if (item || onScreen) {
    const question = onScreen?.question ?? item?.question ?? null;
    const message = `${where} shows a permission prompt${question ? ` ("${question.slice(0, 200)}")` : ''}${item ? ` (approval ${item.approvalId})` : ''}: only a decision answers it`;
    return block('prompt', message, { approvalId: item?.approvalId ?? null, question });
  }
  if (!isAutomated(origin)) return undefined;
  const hidden = human.hiddenPrompt(paneId);
  if (hidden !== undefined) {
    const message = `${where}'s permission prompt${hidden ? ` ("${hidden.slice(0, 200)}")` : ''} left the screen without the person answering it and may still wait: automated input waits until the person types in the pane`;
    return block('prompt', message, { question: hidden });
  }
  if (human.activeUntil(paneId) !== undefined) {
    const until = human.describeUntil(paneId);
    const message = `The human is typing in ${agent ? `agent "${agent.name}"'s pane` : `pane ${paneId}`}: automated input waits until ${until}`;
    return block('human', message, { until });
  }
  return undefined;
}
