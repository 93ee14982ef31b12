import type { Flow, FlowFiring, FlowTrigger } from '@switchboard/protocol';

/** A trigger in a few words: "plan step_failed of release/build", "message request to b", "every 60 s". */
export function triggerText(trigger: FlowTrigger): string {
  switch (trigger.on) {
    case 'message':
      return [
        'message',
        trigger.kind,
        trigger.from && `from ${trigger.from}`,
        trigger.to && `to ${trigger.to}`,
      ]
        .filter(Boolean)
        .join(' ');
    case 'agent_state':
      return [
        'state of',
        trigger.agent ?? 'any agent',
        trigger.from && `from ${trigger.from}`,
        trigger.to && `to ${trigger.to}`,
      ]
        .filter(Boolean)
        .join(' ');
    case 'output':
      return [
        'output',
        trigger.label && `"${trigger.label}"`,
        trigger.agent && `of ${trigger.agent}`,
        trigger.pattern && `/${trigger.pattern.regex}/`,
      ]
        .filter(Boolean)
        .join(' ');
    case 'plan':
      return [
        'plan',
        trigger.events?.join(', ') ?? 'any event',
        trigger.plan && `of ${trigger.plan}${trigger.step ? `/${trigger.step}` : ''}`,
      ]
        .filter(Boolean)
        .join(' ');
    case 'schedule':
      return `every ${trigger.everySeconds} s`;
  }
}

/** What a flow does, by its branches: "send, notify | start plan". */
export const actionsText = (flow: Pick<Flow, 'branches'>): string =>
  flow.branches
    .map((branch) => branch.actions.map((action) => action.do.replace('_', ' ')).join(', '))
    .join(' | ');

/** One firing: "fired · message.send ✓ human.notify ✗ forbidden" / "rate limited" / "loop stopped". */
export function firingText(firing: FlowFiring): string {
  if (firing.outcome === 'rate_limited') return 'rate limited: nothing ran';
  if (firing.outcome === 'loop') return 'its own event: not run again';
  if (firing.actions.length === 0) return 'running…';
  return firing.actions
    .map((action) => (action.ok ? `${action.command} ✓` : `${action.command} ✗ ${action.error ?? ''}`))
    .join(' · ');
}
