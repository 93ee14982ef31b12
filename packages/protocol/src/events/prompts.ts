import { z } from 'zod';
import { Id } from '../model/ids';
import { defineEvent } from './define';

export const promptEvents = [
  /**
   * Switchboard answered a CLI's permission prompt for a decided approval item: the keys it pressed,
   * and whether the prompt left the screen afterwards (`confirmed` false: it is still there). `error` says
   * why it was not carried out (e.g. the prompt was no longer on screen, so nothing was pressed); an
   * answer with an error is never confirmed.
   */
  defineEvent('prompt.answered', {
    approvalId: Id,
    agentId: Id,
    choice: z.string().nullable(),
    keys: z.array(z.string()),
    attempts: z.number().int().nonnegative(),
    confirmed: z.boolean(),
    error: z.string().nullable().default(null),
  }),
] as const;
