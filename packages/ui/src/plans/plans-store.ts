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
const planIdOf = (event: SwitchboardEvent) =>
  'planId' in event ? event.planId : event.type === 'plan.created' ? event.plan.id : undefined;

/** How often `select` reads a plan whose events keep arriving while it reads, before it takes the last answer. */
const MAX_PLAN_READS = 5;

/**
 * The plan view's store over an injected client: plan.list for the list, plan.get for the shown plan,
 * then every plan event applied to it at once (each carries the step as it now is), so the DAG is live.
 */
export function createPlansStore(client: Client, options: PlansStoreOptions = {}) {
  const settleMs = options.settleMs ?? 150;
  let listTimer: ReturnType<typeof setTimeout> | undefined;
  let messagesTimer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  /**
   * Events about the shown (or loading) plan so far. The host answers a call once what it committed is on disk,
   * and sends events at once: a call's own events arrive before its answer, and so may events of changes made
   * after it (another caller's `plan.failStep` while this `plan.resume` waits for the disk). An answer during
   * which this count moved is a snapshot older than what the events already showed, so it is not applied.
   */
  let planEvents = 0;
  let loadingPlanId: string | null = null;

  const store = createStore<PlansStoreState>()((set, get) => {
    const attempt = async (work: () => Promise<Plan>): Promise<string | null> => {
      try {
        const before = planEvents;
        const plan = await work();
        // The events of this call (and of any change after it) already arrived and were applied: keep them.
        if (get().plan?.id === plan.id && planEvents === before) set({ plan });
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
        loadingPlanId = planId;
        set({ plan: null, stepId: null, stepMessages: null });
        if (!planId) return;
        try {
          // Until the plan is shown its events are not applied, only counted: an answer read while they came may
          // be older than them, so it is read again (a plan whose events never pause: its fifth answer is taken).
          for (let reads = 1; ; reads++) {
            const before = planEvents;
            const plan = await client.call('plan.get', { plan: planId });
            if (mine !== generation) return;
            if (planEvents === before || reads === MAX_PLAN_READS) return set({ plan, error: null });
          }
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
    const shown = store.getState().plan?.id ?? loadingPlanId;
    if (shown !== null && planIdOf(event) === shown) planEvents += 1;
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
