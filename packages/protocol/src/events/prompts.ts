import { z } from 'zod';
import { Id } from '../model/ids';
import { defineEvent } from './define';

export const promptEvents = [
  /**
   * Switchboard answered a CLI's permission prompt for a decided approval item: the keys it pressed,
   * and whether the prompt left the screen afterwards (`confirmed` false: it is still there).
   */
  defineEvent('prompt.answered', {
    approvalId: Id,
    agentId: Id,
    choice: z.string().nullable(),
    keys: z.array(z.string()),
    attempts: z.number().int().nonnegative(),
    confirmed: z.boolean(),
  }),
] as const;
