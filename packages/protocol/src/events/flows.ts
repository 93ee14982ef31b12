import { z } from 'zod';
import { Flow, FlowFiring } from '../model/flow';
import { defineEvent } from './define';

/** Flow events go to the human and the flow's owner, nobody else. */
export const flowEvents = [
  defineEvent('flow.created', { flow: Flow }),
  defineEvent('flow.updated', { flow: Flow }),
  defineEvent('flow.removed', { flowId: z.string(), ownerId: z.string() }),
  defineEvent('flow.fired', { flowId: z.string(), ownerId: z.string(), firing: FlowFiring }),
] as const;
