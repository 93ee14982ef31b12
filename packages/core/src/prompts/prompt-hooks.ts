import type { HandlerMap } from '../dispatch/handler';
import type { HealthCommand } from '../health/health-handlers';
import type { PromptService } from './prompt-service';

/**
 * Health's handlers with `health.reportHook` also telling the prompt service, after health has
 * recorded the hook: a Notification `permission_prompt` hook is the exact signal of a prompt.
 */
export function withPromptHooks<T extends HandlerMap<HealthCommand>>(handlers: T, prompts: PromptService): T {
  const report = handlers['health.reportHook'];
  return {
    ...handlers,
    'health.reportHook': async (input, context) => {
      const output = await report(input, context);
      if (context.caller.kind === 'agent') prompts.onHook(context.caller.id, input);
      return output;
    },
  };
}
