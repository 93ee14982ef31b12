import type { FlowAction, FlowCondition, FlowPattern, FlowSpec, FlowTrigger } from '@switchboard/protocol';
import { compileValidation } from '../plans/step-validation';

/** An event as a flow sees it: the event's own fields plus names looked up for templates and conditions. */
export type FlowEventView = Readonly<Record<string, unknown>> & { readonly type: string };

/** What matching needs from the fleet and plans: agent refs → ids, a plan id → its name. */
export interface FlowLookups {
  agentId(ref: string): string | undefined;
  planName(planId: string): string | undefined;
}

/** The event types any trigger can match: the ones kept for replay. */
export const isTriggerEvent = (type: string): boolean =>
  type === 'message.sent' ||
  type === 'health.state_changed' ||
  type === 'pane.matched' ||
  type.startsWith('plan.');

const testPattern = (pattern: FlowPattern, text: string): boolean =>
  compileValidation(pattern.regex, pattern.flags).test(text);
const sameAgent = (lookups: FlowLookups, ref: string | undefined, id: unknown): boolean =>
  ref === undefined || (typeof id === 'string' && (lookups.agentId(ref) ?? ref) === id);

/** Does the event fire the trigger? (Schedules fire on their timer, never on an event.) */
export function triggerMatches(trigger: FlowTrigger, event: FlowEventView, lookups: FlowLookups): boolean {
  switch (trigger.on) {
    case 'message': {
      if (event.type !== 'message.sent') return false;
      const recipients = event.recipientIds as readonly string[];
      return (
        (trigger.kind === undefined || event.kind === trigger.kind) &&
        sameAgent(lookups, trigger.from, event.senderId) &&
        (trigger.to === undefined || recipients.some((id) => sameAgent(lookups, trigger.to, id)))
      );
    }
    case 'agent_state': {
      if (event.type !== 'health.state_changed') return false;
      const health = event.health as { state: string };
      return (
        sameAgent(lookups, trigger.agent, event.agentId) &&
        (trigger.to === undefined || health.state === trigger.to) &&
        (trigger.from === undefined || event.previous === trigger.from)
      );
    }
    case 'output':
      return (
        event.type === 'pane.matched' &&
        sameAgent(lookups, trigger.agent, event.agentId) &&
        (trigger.label === undefined || event.label === trigger.label) &&
        (trigger.pattern === undefined || testPattern(trigger.pattern, String(event.line)))
      );
    case 'plan': {
      if (!event.type.startsWith('plan.')) return false;
      const step = event.step as { id: string } | undefined;
      return (
        (trigger.events === undefined ||
          (trigger.events as readonly string[]).includes(event.type.slice('plan.'.length))) &&
        (trigger.plan === undefined || event.planName === trigger.plan) &&
        (trigger.step === undefined || step?.id === trigger.step)
      );
    }
    case 'schedule':
      return false;
  }
}

/** The value at a dotted path (own properties only: `__proto__` and friends are never reached). */
export function valueAt(view: unknown, path: string): unknown {
  let value: unknown = view;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function conditionHolds(condition: FlowCondition, view: FlowEventView): boolean {
  const value = valueAt(view, condition.field);
  if ('equals' in condition) return value === condition.equals;
  if ('notEquals' in condition) return value !== condition.notEquals;
  if ('in' in condition) return condition.in.some((option) => option === value);
  if ('matches' in condition)
    return (
      value !== undefined &&
      value !== null &&
      testPattern(condition.matches, typeof value === 'string' ? value : JSON.stringify(value))
    );
  return (value !== undefined) === condition.exists;
}

const allHold = (conditions: readonly FlowCondition[], view: FlowEventView) =>
  conditions.every((condition) => conditionHolds(condition, view));

/** The router: the index of the first branch whose `when` holds, once the flow's conditions hold; null: nothing runs. */
export function pickBranch(
  spec: Pick<FlowSpec, 'conditions' | 'branches'>,
  view: FlowEventView,
): number | null {
  if (!allHold(spec.conditions, view)) return null;
  const index = spec.branches.findIndex((branch) => allHold(branch.when, view));
  return index === -1 ? null : index;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+){0,5})\s*\}\}/g;
const MAX_VALUE = 500;

/** Fills `{{path}}` placeholders from the event (absent: empty; each value cut to 500 characters), then cuts to `max`. */
export function fillTemplate(template: string, view: FlowEventView, max: number): string {
  const filled = template.replace(PLACEHOLDER, (_, path: string) => {
    const value = valueAt(view, path);
    const text =
      value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    return text.slice(0, MAX_VALUE);
  });
  return filled.slice(0, max) || template.slice(0, max);
}

/** The command an action calls and its input (templates filled); `flowId` makes messages traceable to the flow. */
export function actionCall(
  action: FlowAction,
  view: FlowEventView,
  flowId: string,
): { command: string; input: Record<string, unknown> } {
  switch (action.do) {
    case 'send':
      return {
        command: 'message.send',
        input: {
          to: action.to,
          kind: action.kind,
          body: fillTemplate(action.body, view, 4000),
          priority: action.priority,
          correlationId: `flow:${flowId}`,
        },
      };
    case 'spawn':
      return {
        command: 'template.spawn',
        input: {
          template: action.template,
          count: action.count,
          ...(action.task ? { task: fillTemplate(action.task, view, 4000) } : {}),
        },
      };
    case 'start_plan':
      return { command: 'plan.create', input: action.plan };
    case 'request_approval':
      return {
        command: 'approval.request',
        input: {
          kind: 'escalation',
          summary: fillTemplate(action.summary, view, 2000),
          expiresInMs: action.expiresInMinutes * 60_000,
        },
      };
    case 'notify':
      return {
        command: 'human.notify',
        input: {
          level: action.level,
          summary: fillTemplate(action.summary, view, 200),
          ...(action.details ? { details: fillTemplate(action.details, view, 4000) } : {}),
        },
      };
  }
}

/** The ids a command's output names (what an action made). */
export function madeIds(command: string, output: unknown): string[] {
  const value = output as Record<string, unknown>;
  if (command === 'message.send') return (value.messageIds as string[]) ?? [];
  if (command === 'template.spawn')
    return ((value.agents as { id: string }[]) ?? []).map((agent) => agent.id);
  if (command === 'approval.request') return [(value.approval as { id: string }).id];
  return typeof value.id === 'string' ? [value.id] : [];
}

/** Every RE2 pattern of a flow that does not compile, with where it is. */
export function patternProblems(spec: FlowSpec): string[] {
  const patterns: [string, FlowPattern][] = [];
  if (spec.trigger.on === 'output' && spec.trigger.pattern)
    patterns.push(['trigger.pattern', spec.trigger.pattern]);
  const conditions = (where: string, list: readonly FlowCondition[]) =>
    list.forEach(
      (condition, index) =>
        'matches' in condition && patterns.push([`${where}[${index}].matches`, condition.matches]),
    );
  conditions('conditions', spec.conditions);
  spec.branches.forEach((branch, index) => conditions(`branches[${index}].when`, branch.when));
  return patterns.flatMap(([where, pattern]) => {
    try {
      compileValidation(pattern.regex, pattern.flags);
      return [];
    } catch (error) {
      return [`${where}: ${error instanceof Error ? error.message : String(error)}`];
    }
  });
}
