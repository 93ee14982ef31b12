import { FlowSpec, type CommandInput, type Flow } from '@switchboard/protocol';

/** A flow as its author writes it (defaults may be left out). */
export type FlowDraft = CommandInput<'flow.create'>;

/** A flow's definition as its author wrote it: the flow without what the host adds (id, owner, times, firings). */
export function specOf(flow: Flow): FlowSpec {
  const {
    id: _id,
    ownerId: _owner,
    createdAt: _created,
    updatedAt: _updated,
    lastFirings: _firings,
    ...spec
  } = flow;
  return spec;
}

/** Starting points for a new flow, one per kind of trigger people reach for first. */
export const FLOW_EXAMPLES: readonly { label: string; spec: FlowDraft }[] = [
  {
    label: 'Tell me when an agent waits for input',
    spec: {
      name: 'tell-me-when-waiting',
      trigger: { on: 'agent_state', to: 'waiting_for_input' },
      branches: [
        {
          actions: [{ do: 'notify', level: 'warning', summary: '{{agentName}} waits for input' }],
        },
      ],
    },
  },
  {
    label: 'Forward urgent requests to a lead',
    spec: {
      name: 'forward-urgent-requests',
      trigger: { on: 'message', kind: 'request' },
      conditions: [{ field: 'priority', equals: 'urgent' }],
      branches: [
        {
          actions: [
            {
              do: 'send',
              to: { agent: 'lead' },
              priority: 'high',
              body: 'urgent request from {{agentName}}',
            },
          ],
        },
      ],
    },
  },
  {
    label: 'Ask me before retrying a failed plan step',
    spec: {
      name: 'approve-step-retries',
      trigger: { on: 'plan', events: ['step_failed'] },
      branches: [
        {
          actions: [
            {
              do: 'request_approval',
              summary: 'Step {{step.id}} of {{planName}} failed: retry it?',
              expiresInMinutes: 60,
            },
          ],
        },
      ],
    },
  },
];

/** The text the editor starts with: the spec as indented JSON (undefined fields left out). */
export const draftText = (spec: FlowDraft): string => JSON.stringify(spec, null, 2);

export type DraftCheck = { ok: true; spec: FlowSpec } | { ok: false; problems: string[] };

/** Checks the editor's text with the contract's own schema, so what the host would refuse is refused here first. */
export function checkDraft(text: string): DraftCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`Not JSON: ${(error as Error).message}`] };
  }
  const parsed = FlowSpec.safeParse(value);
  if (parsed.success) return { ok: true, spec: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues
      .slice(0, 8)
      .map((issue) => `${issue.path.length ? issue.path.join('.') : 'the flow'}: ${issue.message}`),
  };
}
