import { createStore } from 'zustand/vanilla';
import { SwitchboardError } from '@switchboard/protocol';
import type { Client, Message, Plan, PlanStep, PlanSummary, SwitchboardEvent } from '@switchboard/protocol';
import { isStepMessage } from './plan-dag';

/** The messages of the step the panel shows, newest first (null while loading). */
export interface StepMessages {
  stepId: string;
  messages: Message[] | null;
  error: string | null;
}

/** The plan steering commands the view's buttons run. */
export type PlanCommand = 'plan.pause' | 'plan.resume' | 'plan.cancel';

export interface PlansStoreState {
  plans: PlanSummary[];
  loaded: boolean;
  error: string | null;
  /** The plan the DAG shows, as plan.get returned it, kept live by the step events. */
  plan: Plan | null;
  stepId: string | null;
  stepMessages: StepMessages | null;
  refresh(): Promise<void>;
  select(planId: string | null): Promise<void>;
  selectStep(stepId: string | null): Promise<void>;
  /** Runs a steering command on the shown plan; resolves to the host's refusal, or null when done. */
  steer(command: PlanCommand): Promise<string | null>;
  retryStep(stepId: string): Promise<string | null>;
  reassignStep(stepId: string, agentId: string): Promise<string | null>;
  dispose(): void;
}

export interface PlansStoreOptions {
  /** Events arriving together cause one re-read of the list (and of the step's messages), this long after the last. */
  settleMs?: number;
  messageLimit?: number;
}

const reason = (error: unknown) => (error instanceof SwitchboardError ? error.message : String(error));

type StepEvent = Extract<SwitchboardEvent, { step: PlanStep; planId: string }>;
const isStepEvent = (event: SwitchboardEvent): event is StepEvent =>
  event.type.startsWith('plan.step_') && 'step' in event;

/**
 * The plan view's store over an injected client: plan.list for the list, plan.get for the shown plan,
 * then every plan event applied to it at once (each carries the step as it now is), so the DAG is live.
 */
export function createPlansStore(client: Client, options: PlansStoreOptions = {}) {
  const settleMs = options.settleMs ?? 150;
  let listTimer: ReturnType<typeof setTimeout> | undefined;
  let messagesTimer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const store = createStore<PlansStoreState>()((set, get) => {
    const attempt = async (work: () => Promise<Plan>): Promise<string | null> => {
      try {
        const plan = await work();
        if (get().plan?.id === plan.id) set({ plan });
        scheduleList();
        return null;
      } catch (error) {
        return reason(error);
      }
    };
    return {
      plans: [],
      loaded: false,
      error: null,
      plan: null,
      stepId: null,
      stepMessages: null,
      refresh: async () => {
        try {
          const { plans } = await client.call('plan.list', { limit: 200 });
          set({ plans, loaded: true, error: null });
        } catch (error) {
          set({ loaded: true, error: reason(error) });
        }
      },
      select: async (planId) => {
        const mine = ++generation;
        set({ plan: null, stepId: null, stepMessages: null });
        if (!planId) return;
        try {
          const plan = await client.call('plan.get', { plan: planId });
          if (mine === generation) set({ plan, error: null });
        } catch (error) {
          if (mine === generation) set({ error: reason(error) });
        }
      },
      selectStep: async (stepId) => {
        set({ stepId, stepMessages: stepId ? { stepId, messages: null, error: null } : null });
        if (stepId) await loadMessages(stepId);
      },
      steer: (command) => {
        const plan = get().plan;
        if (!plan) return Promise.resolve('No plan is shown.');
        return attempt(() => client.call(command, { plan: plan.id }));
      },
      retryStep: (stepId) =>
        attempt(() => client.call('plan.retryStep', { plan: get().plan!.id, step: stepId })),
      reassignStep: (stepId, agentId) =>
        attempt(() =>
          client.call('plan.reassignStep', {
            plan: get().plan!.id,
            step: stepId,
            assignee: { agent: agentId },
          }),
        ),
      dispose: () => {
        stopEvents();
        clearTimeout(listTimer);
        clearTimeout(messagesTimer);
      },
    };
  });

  /** The step's messages: the ones between the plan's sender and the assignee, kept if they carry the step's correlation. */
  async function loadMessages(stepId: string) {
    const { plan } = store.getState();
    const step = plan?.steps.find((s) => s.id === stepId);
    if (!plan || !step) return;
    try {
      const peer = step.assigneeId;
      const { messages } = await client.call('message.history', {
        agent: plan.createdBy,
        ...(peer ? { peer } : {}),
        limit: options.messageLimit ?? 200,
      });
      const mine = messages.filter((message) => isStepMessage(message, plan.id, step));
      if (store.getState().stepId === stepId)
        store.setState({ stepMessages: { stepId, messages: mine, error: null } });
    } catch (error) {
      if (store.getState().stepId === stepId)
        store.setState({ stepMessages: { stepId, messages: [], error: reason(error) } });
    }
  }

  function scheduleList() {
    clearTimeout(listTimer);
    listTimer = setTimeout(() => void store.getState().refresh(), settleMs);
  }

  const stopEvents = client.onEvent((event) => {
    if (event.type === 'message.sent') {
      const { plan, stepId } = store.getState();
      if (plan && stepId && event.correlationId?.startsWith(`plan:${plan.id}:${stepId}:`)) {
        clearTimeout(messagesTimer);
        messagesTimer = setTimeout(() => void loadMessages(stepId), settleMs);
      }
      return;
    }
    if (!event.type.startsWith('plan.')) return;
    scheduleList();
    const plan = store.getState().plan;
    if (!plan) return;
    if (isStepEvent(event) && event.planId === plan.id) {
      store.setState({
        plan: { ...plan, steps: plan.steps.map((step) => (step.id === event.step.id ? event.step : step)) },
      });
    } else if (event.type === 'plan.state_changed' && event.planId === plan.id) {
      store.setState({ plan: { ...plan, state: event.state } });
    }
  });
  return store;
}

export type PlansStore = ReturnType<typeof createPlansStore>;
