import type { HandlerMap } from '../dispatch/handler';
import type { PlanService } from './plan-service';

export type PlanCommand =
  | 'plan.create'
  | 'plan.get'
  | 'plan.list'
  | 'plan.pause'
  | 'plan.resume'
  | 'plan.cancel'
  | 'plan.retryStep'
  | 'plan.reassignStep'
  | 'plan.completeStep'
  | 'plan.failStep';

export function planHandlers(plans: PlanService): HandlerMap<PlanCommand> {
  return {
    'plan.create': (input, { caller }) => plans.create(caller, input),
    'plan.get': (input, { caller }) => plans.get(caller, input.plan),
    'plan.list': (input, { caller }) => plans.list(caller, input),
    'plan.pause': (input, { caller }) => plans.pause(caller, input.plan),
    'plan.resume': (input, { caller }) => plans.resume(caller, input.plan),
    'plan.cancel': (input, { caller }) => plans.cancel(caller, input.plan, input.reason),
    'plan.retryStep': (input, { caller }) => plans.retryStep(caller, input),
    'plan.reassignStep': (input, { caller }) => plans.reassignStep(caller, input),
    'plan.completeStep': (input, { caller }) => plans.completeStep(caller, input),
    'plan.failStep': (input, { caller }) => plans.failStep(caller, input),
  };
}
