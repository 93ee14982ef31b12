import {
  bidiShown,
  type Agent,
  type AgentKind,
  type Approval,
  type ParsedInput,
} from '@switchboard/protocol';
import type { ScreenSubscription } from '../panes/screen-observer';
import { storedIdentity, type PromptIdentity } from './prompt-identity';
import type { ScreenPrompt } from './screen-prompt';

/** What Switchboard keeps in a permission item's payload, so a decision can be carried out even after a restart. */
export interface PromptPayload {
  source: 'screen' | 'hook';
  agentId: string;
  cli: AgentKind;
  /** With `shape` and `detailed`: the prompt's PromptIdentity (a hook's item has only a fingerprint). */
  fingerprint: string;
  shape?: string;
  detailed?: boolean;
  question?: string;
  style?: 'select' | 'typed';
}

/** An approval item standing for a prompt in an agent's pane. */
export interface OpenItem {
  approvalId: string;
  identity: PromptIdentity;
  source: 'screen' | 'hook';
  question: string | null;
  style: 'select' | 'typed';
  since: number; // when tracking began: a re-layout before then did not resize its dialog
  /** The pane whose program asked: an agent started again in another pane (restored, restarted) asks no more. */
  paneId: string | undefined;
}

/** What the prompt service knows about one agent's prompts. */
export interface Tracked {
  agentId: string;
  kind: AgentKind;
  waiting: boolean;
  item: OpenItem | undefined;
  /** The prompt now on screen and when it was first seen. */
  seen: { identity: PromptIdentity; at: number } | undefined;
  absentSince: number | undefined;
  /** Switchboard is pressing keys for this item; reads leave it alone meanwhile. */
  answering: string | undefined;
  /** A prompt already handled (answered, or failed to answer): not raised again while it stays on screen. */
  handled: PromptIdentity | undefined;
  hook: { at: number; message: string; cancel: () => void } | undefined;
  /** The pane's screens while a prompt may show there (waiting, an open item, a hook) or a read was asked for. */
  screens: { paneId: string; subscription: ScreenSubscription } | undefined;
  /** A screen was asked for explicitly (a hook, a decision done, a prompt that may have gone): heard even when not waiting. */
  asked: boolean;
  timer: (() => void) | undefined;
}

/** An item to raise: its summary, payload and choices. */
export interface ItemSpec {
  summary: string;
  payload: PromptPayload & Record<string, unknown>;
  choices: string[];
}

const PERMISSION_SOURCES = new Set(['screen', 'hook']);

export function newTracked(agent: Agent): Tracked {
  return {
    agentId: agent.id,
    kind: agent.kind,
    waiting: agent.state === 'waiting_for_input',
    item: undefined,
    seen: undefined,
    absentSince: undefined,
    answering: undefined,
    handled: undefined,
    hook: undefined,
    screens: undefined,
    asked: false,
    timer: undefined,
  };
}

/**
 * The payload of a permission item this service raised (from the screen or a hook), or undefined for any other item.
 * Raised items are requested as the agent whose prompt they stand for: an item naming another agent is not one.
 */
export function promptPayloadOf(approval: Approval): PromptPayload | undefined {
  const payload = approval.payload as Partial<PromptPayload>;
  if (
    approval.kind !== 'permission' ||
    !payload.source ||
    !PERMISSION_SOURCES.has(payload.source) ||
    !payload.agentId ||
    payload.agentId !== approval.requester ||
    !payload.fingerprint
  )
    return undefined;
  return payload as PromptPayload;
}

/** The open item for a raised (or adopted) approval. */
export function openItem(
  approvalId: string,
  payload: PromptPayload,
  since: number,
  paneId: string | undefined,
): OpenItem {
  const question = typeof payload.question === 'string' ? payload.question : null;
  return {
    approvalId,
    identity: storedIdentity(payload),
    source: payload.source,
    question,
    style: payload.style === 'typed' ? 'typed' : 'select',
    since,
    paneId,
  };
}

/** The item for a permission prompt a Claude Code hook reported and the screen never showed. */
export function hookItem(name: string, tracked: Tracked, hook: { at: number; message: string }): ItemSpec {
  const tool = /permission to use (.+?)\s*$/i.exec(hook.message)?.[1] ?? null;
  return {
    summary: bidiShown(`${name} asks permission${tool ? ` to use ${tool}` : ''}: ${hook.message}`),
    payload: {
      source: 'hook',
      agentId: tracked.agentId,
      cli: tracked.kind,
      fingerprint: `hook-${hook.at}`,
      tool: tool === null ? null : bidiShown(tool),
      question: hook.message,
    },
    choices: ['Yes', 'No'],
  };
}

/**
 * The item for a prompt read off the agent's screen. What the person reads has bidi controls written out (the command
 * is the model's choice; the UI would apply an override the terminal shows as it is); policies match the shown
 * command; the question stays as read (the input gate compares it with the screen).
 */
export function screenItem(name: string, tracked: Tracked, prompt: ScreenPrompt): ItemSpec {
  const what = prompt.command
    ? `${prompt.tool ? `${prompt.tool}: ` : ''}${firstLine(prompt.command)}`
    : prompt.question;
  return {
    summary: bidiShown(`${name} asks: ${what}`).slice(0, 2000),
    payload: {
      source: 'screen',
      agentId: tracked.agentId,
      cli: tracked.kind,
      ...prompt.identity,
      style: prompt.style,
      tool: prompt.tool === null ? null : bidiShown(prompt.tool),
      ...(prompt.command ? { command: bidiShown(prompt.command).slice(0, 8192) } : {}),
      description: prompt.description === null ? null : bidiShown(prompt.description),
      question: prompt.question,
    },
    choices: choiceLabels(prompt),
  };
}

/** The approval choices of a prompt on screen: its labels, made distinct. */
export function choiceLabels(prompt: ScreenPrompt): string[] {
  return uniqueLabels(prompt.choices.map((c) => c.label));
}

export function isPermissionNotification(report: ParsedInput<'health.reportHook'>): boolean {
  return (
    report.notificationType === 'permission_prompt' ||
    (report.notificationType === undefined && /permission/i.test(report.message ?? ''))
  );
}

const firstLine = (text: string) => text.split('\n')[0]!;
/** Approval choices must be distinct; a CLI that draws two equal labels gets them numbered. */
function uniqueLabels(labels: string[]): string[] {
  return labels
    .map((label, i) => (labels.indexOf(label) === i ? label : `${i + 1}. ${label}`).slice(0, 200))
    .slice(0, 10);
}
